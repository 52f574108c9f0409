import { createHmac, randomUUID } from 'node:crypto';
import Bull from 'bull';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroEvent } from '#lb/connectors/xero';
import { JOBS } from '#lb/queues';
import {
  CookieBrowser,
  eventually,
  isolatedDatabase,
  ownerDataSource,
  requireEnv,
  runtimeDataSource,
  SuiteDatabase,
} from '#lb/testing';
import { LocalRedisHandle, startLocalRedis } from '../../../../scripts/devstack/redis';
import { startWorker, stopWorker, WorkerProcess } from '../../../worker/test/worker-harness';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, XeroWorld } from '../xero-world';

/**
 * The transactional outbox under a Redis that refuses writes: deliveries are still acknowledged
 * at once (nothing on the request path waits for Redis), no event is stranded, and once Redis
 * takes writes again every event is processed by the worker exactly once. This suite has its own
 * redis-server, since refusing writes on the shared one would break the suites running beside it.
 */
jest.setTimeout(360_000);

/** A gauge's value on a process's /metrics (api or worker), as Prometheus scrapes it. */
async function gauge(baseUrl: string, name: string): Promise<number> {
  const res = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${requireEnv('METRICS_TOKEN')}` },
    signal: AbortSignal.timeout(120_000),
  });
  const line = new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(await res.text());
  if (!line) throw new Error(`${name} is not on ${baseUrl}/metrics`);
  return Number(line[1]);
}

describe('webhook events survive Redis refusing writes (outbox)', () => {
  let redis: LocalRedisHandle;
  let admin: Redis;
  let world: XeroWorld;
  let worker: WorkerProcess | undefined;
  let ds: DataSource;
  let owner: DataSource;
  let tx: TenantTransactions;
  let queue: Bull.Queue;
  let db: SuiteDatabase;

  beforeAll(async () => {
    // its own database too: a worker's relay and sweeps find every tenant in theirs (suite-database.ts)
    db = await isolatedDatabase();
    redis = await startLocalRedis();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    // A Xero minute lasts 6 s, so the fetches' rate-limit waits do not stretch the test.
    world = await startXeroWorld({ DATABASE_URL: db.urls.DATABASE_URL, REDIS_URL: redis.url, XERO_CLOCK_SCALE: '10' });
    ds = await runtimeDataSource(5, db.urls.DATABASE_URL);
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    tx = new TenantTransactions(ds);
    queue = new Bull('xero', redis.url, { prefix: 'lb' });
  });
  afterAll(async () => {
    await stopWorker(worker);
    await queue?.close();
    await world?.close();
    await ds?.destroy();
    await owner?.destroy();
    admin?.disconnect();
    await redis?.stop();
    await db?.drop();
  });

  it('acknowledges every delivery while Redis refuses writes, then processes each event once', async () => {
    // A tenant connected to a sandbox organisation, as a user connects one.
    const org = await newOrg(world, `outbox-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const tenantId = (await read(world, browser, '/api/tenant')).body.id as string;
    const orgId = (await read(world, browser, '/api/connections')).body.xero[0].xeroTenantId as string;
    const sign = (body: string) =>
      createHmac('sha256', world.app.webhookKey).update(Buffer.from(body)).digest('base64');
    const events = Array.from({ length: 10 }, (_, i) => ({
      resourceId: randomUUID(),
      eventDateUtc: `2026-11-30T10:00:${String(i).padStart(2, '0')}.000`,
      eventType: 'UPDATE',
      eventCategory: i % 2 ? 'INVOICE' : 'CONTACT',
      tenantId: orgId,
      tenantType: 'ORGANISATION',
    }));
    const deliver = async (batch: typeof events, entropy: string) => {
      const body = JSON.stringify({ events: batch, firstEventSequence: 1, lastEventSequence: batch.length, entropy });
      const res = await fetch(`${world.api.url}/api/xero/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xero-signature': sign(body) },
        body,
        // Xero waits 5 s for an answer; nothing on this path may wait for Redis.
        signal: AbortSignal.timeout(5_000),
      });
      expect(res.status).toBe(200);
    };

    // Redis refuses every write (as with a lost replica quorum), reads still work.
    await admin.config('SET', 'min-replicas-to-write', '1');
    await expect(queue.add('probe-write', {})).rejects.toThrow(/NOREPLICAS/);
    for (let i = 0; i < events.length; i += 2) await deliver(events.slice(i, i + 2), `E${i}`);

    const pendingRows = () =>
      owner.query<Array<{ n: number; errors: number }>>(
        `SELECT count(*)::int AS n, count(last_error)::int AS errors FROM job_outbox WHERE tenant_id = $1`,
        [tenantId],
      );
    // Every event is recorded with its job waiting in the outbox, and the relay has tried and failed.
    await eventually('the relay to have tried Redis and failed', async () => {
      const [row] = await pendingRows();
      return row.n === events.length && row.errors > 0 ? row : undefined;
    });
    expect(await tx.run(tenantId, (m) => m.count(XeroEvent))).toBe(events.length);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, delayed: 0 });
    // Operators see the backlog (every lane: suites beside this one share the table).
    expect(await gauge(world.api.url, 'lb_outbox_pending_jobs')).toBeGreaterThanOrEqual(events.length);
    expect(await gauge(world.api.url, 'lb_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);

    // Redis recovers; a worker (its own process) takes the jobs as they arrive.
    await admin.config('SET', 'min-replicas-to-write', '0');
    worker = await startWorker(world.env);
    const settled = await eventually(
      'every event processed by the worker',
      async () => {
        const rows = await tx.run(tenantId, (m) => m.find(XeroEvent));
        return rows.every((e) => e.status !== 'pending') ? rows : undefined;
      },
      // A backstop only: a loaded machine.
      240_000,
    ).catch((e: Error) => {
      const logs =
        worker
          ?.output()
          .split('\n')
          .filter((l) => /"level":"(warn|error)"/.test(l)) ?? [];
      throw new Error(`${e.message}\nworker warnings:\n${logs.slice(-10).join('\n').slice(0, 4000)}`);
    });
    // No flow of this tenant reads contacts or invoices: each event is handled with nothing to sync.
    expect(settled.map((e) => e.status)).toEqual(events.map(() => 'skipped'));
    expect((await pendingRows())[0].n).toBe(0);
    expect(await gauge(worker.url, 'lb_outbox_backlog_read')).toBe(1);

    // Each event was handled once: its one state change (pending → skipped) happened once.
    const processed = await tx.run(tenantId, (m) => m.find(XeroEvent));
    expect(processed.every((e) => e.processedAt !== null)).toBe(true);
    for (const e of processed) expect(await queue.getJob(`xero-event:${e.id}`)).not.toBeNull();

    // Xero redelivers everything plus one new event: only the new one becomes work.
    // Only event jobs: the worker's repeatable sweeps (keep-alive, re-routing) add jobs to this queue on their own.
    const eventJobs = async () =>
      (await queue.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])).filter(
        (j) => j.name === JOBS.xero.webhookEvent,
      );
    const jobsBefore = (await eventJobs()).length;
    const fresh = { ...events[0], resourceId: randomUUID(), eventDateUtc: '2026-11-30T10:01:00.000' };
    await deliver([...events, fresh], 'again');
    const freshEvent = await eventually('the new event to be processed', async () => {
      const row = await tx.run(tenantId, (m) => m.findOne(XeroEvent, { where: { resourceId: fresh.resourceId } }));
      return row?.status === 'skipped' ? row : undefined;
    });
    expect(await tx.run(tenantId, (m) => m.count(XeroEvent))).toBe(events.length + 1);
    const jobsAfter = await eventJobs();
    const newJobs = jobsAfter.filter((j) => (j.data as { eventId?: string }).eventId !== freshEvent.id);
    expect(newJobs.length).toBe(jobsBefore);
    expect((await pendingRows())[0].n).toBe(0);
  });
});
