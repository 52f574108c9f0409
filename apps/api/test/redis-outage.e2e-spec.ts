import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { CookieBrowser, eventually, isolatedDatabase, requireEnv, SuiteDatabase } from '#lb/testing';
import { findFreePort } from '../../../scripts/devstack/ports';
import { LocalRedisHandle, startLocalRedis } from '../../../scripts/devstack/redis';
import { startWorker, stopWorker, WorkerProcess } from '../../worker/test/worker-harness';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, uniqueEmail, XeroWorld } from './xero-world';

/**
 * A Redis outage must not hang request paths: while Redis hangs (SIGSTOP: connections stay open,
 * nothing answers) or refuses (the server is gone), every endpoint answers within a few seconds:
 * health 503 naming Redis, liveness 200, a signed-in route and the Xero webhook 200 (they need
 * only PostgreSQL). When Redis returns, health is 200 again without restarting anything. The api
 * and the worker run as their own processes; this suite has its own redis-server, since stopping
 * the shared one would break the suites running beside it.
 */
jest.setTimeout(360_000);

/** What the issue asks of every request path while Redis is out (Xero itself waits 5 s). */
const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  status: number;
  ms: number;
  body: unknown;
}

describe('a Redis outage does not hang request paths', () => {
  let redisPort: number;
  let dataDir: string;
  let redis: LocalRedisHandle | undefined;
  let stoppedPid: number | undefined;
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let sessionCookie: string;
  let orgId: string;
  let db: SuiteDatabase;

  beforeAll(async () => {
    // its own database too: a worker's relay and sweeps find every tenant in theirs (suite-database.ts)
    db = await isolatedDatabase();
    redisPort = await findFreePort();
    // Persistent, so the server restarted after the "refused" phase has the queues' schedules back.
    dataDir = mkdtempSync(join(tmpdir(), 'lb-redis-outage-'));
    redis = await startLocalRedis({ port: redisPort, dataDir });
    world = await startXeroWorld({ DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redis.url }, undefined, {
      apiProcess: true,
    });
    worker = await startWorker(world.env);
    const org = await newOrg(world, uniqueEmail('redis-outage'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    orgId = (await read(world, browser, '/api/connections')).body.xero[0].xeroTenantId as string;
    sessionCookie = `lb_session=${browser.cookie(world.api.url, 'lb_session')}`;
  });
  afterAll(async () => {
    if (stoppedPid) process.kill(stoppedPid, 'SIGCONT');
    await stopWorker(worker);
    await world?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  /**
   * One request with the deadline the issue sets (and a second's grace to tell "slow" from "hung"):
   * a hang is status 0 with the error, so one failing table shows every path at once.
   */
  async function hit(url: string, init: RequestInit = {}): Promise<Answer> {
    const started = Date.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS + 1_000) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (the webhook's empty body, metrics text)
      }
      return { status: res.status, ms: Date.now() - started, body };
    } catch (error) {
      return { status: 0, ms: Date.now() - started, body: `no answer: ${(error as Error).message}` };
    }
  }

  let delivery = 0;
  function deliverWebhook(): Promise<Answer> {
    delivery += 1;
    const event = {
      resourceId: randomUUID(),
      eventDateUtc: new Date(Date.UTC(2026, 10, 30, 10, 0, delivery)).toISOString().replace('Z', ''),
      eventType: 'UPDATE',
      eventCategory: 'CONTACT',
      tenantId: orgId,
      tenantType: 'ORGANISATION',
    };
    const body = JSON.stringify({ events: [event], firstEventSequence: delivery, lastEventSequence: delivery });
    const signature = createHmac('sha256', world.app.webhookKey).update(Buffer.from(body)).digest('base64');
    return hit(`${world.api.url}/api/xero/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
    });
  }

  /** Every request path that might touch Redis, asked at once (each is timed on its own). */
  async function askEverything(): Promise<Record<string, Answer>> {
    const metrics = { headers: { authorization: `Bearer ${requireEnv('METRICS_TOKEN')}` } };
    const entries = await Promise.all(
      Object.entries({
        'api /health': () => hit(`${world.api.url}/health`),
        'api /health/workers': () => hit(`${world.api.url}/health/workers`),
        'api /health/live': () => hit(`${world.api.url}/health/live`),
        'api /metrics': () => hit(`${world.api.url}/metrics`, metrics),
        'api signed-in GET /api/tenant': () =>
          hit(`${world.api.url}/api/tenant`, { headers: { cookie: sessionCookie } }),
        'api Xero webhook': () => deliverWebhook(),
        'worker /health': () => hit(`${worker!.url}/health`),
        'worker /health/workers': () => hit(`${worker!.url}/health/workers`),
        'worker /health/live': () => hit(`${worker!.url}/health/live`),
        'worker /metrics': () => hit(`${worker!.url}/metrics`, metrics),
      }).map(async ([name, ask]) => [name, await ask()] as const),
    );
    return Object.fromEntries(entries);
  }

  const statuses = (answers: Record<string, Answer>) =>
    Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.status]));

  const HEALTHY = {
    'api /health': 200,
    'api /health/workers': 200,
    'api /health/live': 200,
    'api /metrics': 200,
    'api signed-in GET /api/tenant': 200,
    'api Xero webhook': 200,
    'worker /health': 200,
    'worker /health/workers': 200,
    'worker /health/live': 200,
    'worker /metrics': 200,
  };
  const REDIS_OUT = {
    ...HEALTHY,
    'api /health': 503,
    'api /health/workers': 503,
    'worker /health': 503,
    'worker /health/workers': 503,
  };

  function expectFastOutageAnswers(answers: Record<string, Answer>): void {
    expect(statuses(answers)).toEqual(REDIS_OUT);
    const slow = Object.entries(answers).filter(([, a]) => a.ms >= ANSWER_WITHIN_MS);
    expect(slow.map(([name, a]) => `${name}: ${a.ms} ms`)).toEqual([]);
    // The failing part is named, with PostgreSQL still reported up.
    for (const name of ['api /health', 'worker /health'])
      expect(answers[name].body).toMatchObject({
        status: 'error',
        details: { database: { status: 'up' }, redis: { status: 'down' } },
      });
    for (const name of ['api /health/workers', 'worker /health/workers'])
      expect(answers[name].body).toMatchObject({ status: 'down', details: { redis: { status: 'down' } } });
    // The scrape says the queues were not read; what PostgreSQL answers (open sync changes) is still read.
    for (const service of ['api', 'worker']) {
      const text = String(answers[`${service} /metrics`].body);
      expect(text).toContain(`lb_queue_depth_read{service="${service}"} 0`);
      expect(text).toContain(`lb_sync_open_changes_read{service="${service}"} 1`);
      expect(text).toContain('# TYPE lb_connector_calls_total counter');
    }
  }

  /** Recovery needs no restart: the same processes answer 200 once their clients reconnect. */
  async function expectRecovered(): Promise<void> {
    const answers = await eventually('every request path healthy again', async () => {
      const now = await askEverything();
      return Object.values(now).every((a) => a.status === 200) ? now : undefined;
    });
    expect(answers['api /health'].body).toMatchObject({ status: 'ok', details: { redis: { status: 'up' } } });
  }

  it('starts healthy, with the worker given only the runtime database URL', async () => {
    expect(statuses(await askEverything())).toEqual(HEALTHY);
    const environ = readFileSync(`/proc/${worker!.pid}/environ`, 'utf8').split('\0');
    expect(environ.some((v) => v.startsWith('DATABASE_URL='))).toBe(true);
    expect(environ.filter((v) => /^DATABASE_(OWNER|SUPERUSER)_URL=|PASSWORD=/.test(v))).toEqual([]);
  });

  it('answers fast while Redis hangs (SIGSTOP), then recovers on its own', async () => {
    const admin = new Redis(redis!.url, { maxRetriesPerRequest: 1 });
    const info = await admin.info('server');
    admin.disconnect();
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    process.kill(pid, 'SIGSTOP');
    stoppedPid = pid;
    try {
      expectFastOutageAnswers(await askEverything());
      // Asked again: answers stay fast while the outage lasts (no client waits on a backlog).
      expectFastOutageAnswers(await askEverything());
    } finally {
      process.kill(pid, 'SIGCONT');
      stoppedPid = undefined;
    }
    await expectRecovered();
  });

  it('answers fast while Redis refuses connections (server gone), then recovers on its own', async () => {
    await redis!.stop();
    redis = undefined;
    expectFastOutageAnswers(await askEverything());
    expectFastOutageAnswers(await askEverything());
    redis = await startLocalRedis({ port: redisPort, dataDir });
    await expectRecovered();
  });
});
