import Bull from 'bull';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { QUEUE_SETTINGS } from '#lb/queues';
import { CookieBrowser, eventually, isolatedDatabase, ownerDataSource, requireEnv, SuiteDatabase } from '#lb/testing';
import { startWorker, stopWorker, WorkerProcess } from '../../worker/test/worker-harness';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { control as xeroControl, http } from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

const ADMIN_TOKEN = `sandbox-admin-${Date.now()}`;
/** How long the processes may take to finish the work the journey started: generous, for a loaded machine. */
const SETTLE_MS = 90_000;

/** Every value Redis holds, whatever the key's type. */
async function redisDump(url: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const parts: string[] = [];
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      if (type === 'string') parts.push(String(await redis.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      parts.push(key);
    }
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

/** Every row of every table of our database, as text (as the owner role sees it). */
async function databaseDump(owner: DataSource): Promise<string> {
  const tables: Array<{ tablename: string }> = await owner.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
  );
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows: Array<{ row: string }> = await owner.query(`SELECT t::text AS row FROM "${tablename}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

/** Waits until the process at `url` has logged a request carrying `requestId`: every line it wrote before is in `output`. */
async function loggedUpTo(name: string, url: string, output: () => string, requestId: string): Promise<void> {
  await fetch(url, { headers: { 'x-request-id': requestId } });
  await eventually(
    `the ${name} to log request ${requestId}`,
    () => Promise.resolve(output().includes(requestId) ? true : undefined),
    SETTLE_MS,
  );
}

describe('secrets never leak', () => {
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let owner: DataSource;
  let redisUrl: string; // this suite's own Redis database: no other suite's worker takes its jobs
  let db: SuiteDatabase;

  beforeAll(async () => {
    process.env.SANDBOX_ADMIN_TOKEN = ADMIN_TOKEN;
    redisUrl = await isolatedRedisUrl();
    // its own database too: a worker's relay and sweeps find every tenant in theirs (suite-database.ts)
    db = await isolatedDatabase();
    world = await startXeroWorld(
      { ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: redisUrl, DATABASE_URL: db.urls.DATABASE_URL },
      (url) => ({ SANDBOX_URL: url }),
      {
        webhooks: true,
        apiProcess: true,
      },
    );
    // The worker as its own process, with the api's environment and every log line it writes.
    worker = await startWorker({ ...world.env, LOG_LEVEL: 'debug' });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
  });
  afterAll(async () => {
    await owner?.destroy();
    await stopWorker(worker);
    await world?.close();
    delete process.env.SANDBOX_ADMIN_TOKEN;
    await db?.drop();
  });

  it('no token or secret the sandboxes issued appears in our responses, logs, Redis, database or cookies, raw or base64', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const basic = `Basic ${Buffer.from(`${world.app.clientId}:${world.app.clientSecret}`).toString('base64')}`;
    await http(`${world.sandbox.url}/xero-developer/apps/${world.app.clientId}/webhooks/intent-to-receive`, {
      method: 'POST',
      headers: { authorization: basic },
    });

    // The whole journey: sign in, connect Xero, connect and rotate X3, pair, try the sandbox, a webhook.
    const org = await newOrg(world, uniqueEmail('journey'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const folder = await provisionFolder(world.sandbox.url);
    const app = folder.connectedApplication;
    const x3 = await change(world, browser, 'POST', '/api/connections/x3', {
      name: 'ERP',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: app.clientId, secret: app.secret, user: app.user },
    });
    expect(x3.body.status).toBe('ok');
    const rotatedApp = await x3Control(world.sandbox.url, folder, 'POST', '/connected-applications', {
      name: 'Ledgerbridge 2',
      user: app.user,
    });
    const next = rotatedApp.body as { clientId: string; secret: string; user?: string };
    await change(world, browser, 'PATCH', `/api/connections/x3/${x3.body.id}/credentials`, {
      auth: { mode: 'jwt', clientId: next.clientId, secret: next.secret, user: app.user },
    });
    const conns = (await read(world, browser, '/api/connections')).body;
    await change(world, browser, 'POST', '/api/integrations', {
      name: 'Pair',
      xeroConnectionId: conns.xero[0].id,
      x3ConnectionId: x3.body.id,
      x3Company: 'FR10',
    });
    await change(world, browser, 'POST', '/api/connections/xero/refresh');
    const edit = await xeroControl(world.sandbox, org, 'POST', '/edits/contacts', { Name: `Leak check ${Date.now()}` });
    const contactId = (edit.body as { ContactID: string }).ContactID;
    const trialOrg = await newOrg(world, uniqueEmail('trial'));
    const trialBrowser = new CookieBrowser();
    await signInWithXero(world, trialBrowser, trialOrg);
    expect((await change(world, trialBrowser, 'POST', '/api/sandbox/try')).status).toBe(201);

    // Work for the worker: the webhook the edit sent (api inbox → worker → targeted fetch) and a
    // token refresh, the riskiest moment for a token to reach a log.
    const tenantId = (await read(world, browser, '/api/tenant')).body.id as string;
    const [grant] = await owner.query('SELECT id, refreshed_at FROM xero_grants WHERE tenant_id = $1', [tenantId]);
    const xeroQueue = new Bull('xero', redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    try {
      await xeroQueue.add('refresh-grant', { tenantId, grantId: grant.id }, { removeOnComplete: true });
    } finally {
      await xeroQueue.close();
    }
    await eventually(
      // 'skipped' when no flow of the tenant reads that organisation (this contact's is not paired),
      // 'queued' when one does (its drain fetches it): either way the worker has handled the event.
      'the worker to handle the event the webhook named',
      async () => {
        const [row] = await owner.query(`SELECT status FROM xero_events WHERE tenant_id = $1 AND resource_id = $2`, [
          tenantId,
          contactId,
        ]);
        return ['fetched', 'queued', 'skipped'].includes(row?.status) ? true : undefined;
      },
      SETTLE_MS,
    );
    await eventually(
      'the worker to refresh the grant',
      async () => {
        const [g] = await owner.query('SELECT refreshed_at FROM xero_grants WHERE id = $1', [grant.id]);
        return new Date(g.refreshed_at) > new Date(grant.refreshed_at) ? true : undefined;
      },
      SETTLE_MS,
    );
    // Both processes have written every line about that work once they have logged a later request.
    await loggedUpTo('api', `${world.api.url}/health`, world.apiLogs!, `leak-check-api-${Date.now()}`);
    await loggedUpTo('worker', `${worker!.url}/health`, worker!.output, `leak-check-worker-${Date.now()}`);

    const issued = (
      await http(`${world.sandbox.url}/sandbox-control/issued-secrets?since=${encodeURIComponent(started)}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).body as Array<{ kind: string; value: string }>;
    const kinds = new Set(issued.map((s) => s.kind));
    for (const kind of ['access_token', 'refresh_token', 'id_token', 'authorization_code', 'secret', 'controlToken']) {
      expect({ kind, recorded: kinds.has(kind) }).toEqual({ kind, recorded: true });
    }

    const ours = (b: CookieBrowser) =>
      b.seen.filter((p) => p.url.startsWith(world.api.url)).map((p) => `${p.headers}\n${p.body}`); // what we answered (the URL is what the browser asked)
    const haystacks: Record<string, string> = {
      'api responses': [...ours(browser), ...ours(trialBrowser)].join('\n'),
      'api logs': world.apiLogs!(),
      'worker logs': worker!.output(),
      redis: `${await redisDump(redisUrl)}\n${await redisDump(requireEnv('REDIS_URL'))}`, // ours and the shared one
      database: await databaseDump(owner),
      'browser cookies': [...browser.cookieValues(), ...trialBrowser.cookieValues()].join('\n'),
    };
    // The logs were really captured, the work's included.
    expect(haystacks['api logs'].length).toBeGreaterThan(1000);
    expect(haystacks['api logs']).toContain('/api/xero/webhooks');
    expect(haystacks['worker logs']).toContain('"service":"worker"');
    const leaks: string[] = [];
    for (const { kind, value } of issued) {
      const forms = [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
      for (const [where, text] of Object.entries(haystacks)) {
        if (forms.some((f) => text.includes(f))) leaks.push(`${kind} (${value.slice(0, 6)}…) found in ${where}`);
      }
    }
    expect(leaks).toEqual([]);
    // Negative control: the same search does find issued values where they legitimately are
    // (the sandbox's own redirects carry the authorization codes).
    const sandboxAnswers = browser.seen
      .filter((p) => p.url.startsWith(world.sandbox.url))
      .map((p) => p.headers)
      .join('\n');
    expect(issued.filter((s) => s.kind === 'authorization_code').some((s) => sandboxAnswers.includes(s.value))).toBe(
      true,
    );
  });
});
