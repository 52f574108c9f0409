import { randomBytes, randomUUID } from 'node:crypto';
import Queue from 'bull';
import { DataSource } from 'typeorm';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { ProbeRun, SystemAccess, TenantTransactions } from '#lb/database';
import Redis from 'ioredis';
import { QUEUE_SETTINGS, readHeartbeat } from '#lb/queues';
import {
  createTenant,
  eventually,
  isolatedDatabase,
  ownerDataSource,
  runtimeDataSource,
  SuiteDatabase,
} from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { startWorker, stopWorker, WorkerProcess } from './worker-harness';

/** How long a condition may take to come true: generous, for a loaded machine; polling ends sooner. */
const CONDITION_MS = 60_000;
const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');

describe('worker process', () => {
  let worker: WorkerProcess | undefined;
  let ds: DataSource;
  let owner: DataSource;
  let db: SuiteDatabase;
  let tx: TenantTransactions;
  let redisUrl: string; // this suite's own Redis database: no other suite's worker takes its jobs
  const queues: Queue.Queue[] = [];
  const queue = (name: string) => {
    const q = new Queue(name, redisUrl, { prefix: 'lb', settings: QUEUE_SETTINGS });
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    // its own database too: a worker's relay and sweeps find every tenant in theirs (suite-database.ts)
    db = await isolatedDatabase();
    ds = await runtimeDataSource(5, db.urls.DATABASE_URL);
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    tx = new TenantTransactions(ds);
    redisUrl = await isolatedRedisUrl();
    worker = await startWorker({
      DATABASE_URL: db.urls.DATABASE_URL,
      REDIS_URL: redisUrl,
      // its own Redis and database; no sweep: this suite drives the jobs itself
      SYNC_SWEEP: 'off',
      SECRETS_KEYS: `new:${newKey},old:${oldKey}`,
      SECRETS_ACTIVE_KEY_ID: 'new',
    });
  });

  afterAll(async () => {
    await stopWorker(worker);
    await Promise.all(queues.map((q) => q.close()));
    await ds.destroy();
    await owner.destroy();
    await db?.drop();
  });

  it('takes the heartbeat job as soon as it starts', async () => {
    const redis = new Redis(redisUrl, { keyPrefix: '' });
    try {
      const beat = await eventually(
        'a heartbeat from this worker',
        async () => {
          const b = await readHeartbeat(redis);
          return b?.worker.endsWith(`:${worker!.pid}`) ? b : undefined;
        },
        CONDITION_MS,
      );
      expect(Date.now() - Date.parse(beat.at)).toBeLessThan(15_000);
    } finally {
      redis.disconnect();
    }
  });

  it("runs a tenant's job inside that tenant's database context", async () => {
    const a = await createTenant(tx, 'A');
    await createTenant(tx, 'B');
    const run = await tx.run(a, (m) => m.save(m.create(ProbeRun, { tenantId: a })));
    await queue('diagnostics').add('probe', { tenantId: a, probeRunId: run.id }, { jobId: `probe:${run.id}` });
    const done = await eventually(
      'the probe to complete',
      async () => {
        const row = await tx.run(a, (m) => m.findOneByOrFail(ProbeRun, { id: run.id }));
        return row.status === 'done' ? row : undefined;
      },
      CONDITION_MS,
    );
    expect(done.observedTenantId).toBe(a);
    expect(done.workerId).toMatch(/:\d+$/);
  });

  it('fails a job naming a tenant that does not exist, without retries and without writing', async () => {
    const ghost = randomUUID();
    const job = await queue('diagnostics').add('probe', { tenantId: ghost, probeRunId: randomUUID() }, { attempts: 5 });
    // State first, then the job: a job read before it failed would carry no failedReason yet.
    await eventually('the job to fail', async () => ((await job.isFailed()) ? true : undefined), CONDITION_MS);
    const failed = await queue('diagnostics').getJob(job.id);
    if (!failed) throw new Error(`job ${job.id} vanished after failing`);
    expect(failed.failedReason).toBe(`tenant ${ghost} does not exist`);
    expect(failed.attemptsMade).toBe(1);
    const [{ count }] = await owner.query('SELECT count(*)::int AS count FROM probe_runs WHERE tenant_id = $1', [
      ghost,
    ]);
    expect(count).toBe(0);
  });

  it('re-wraps secrets under the new key so the old key can be retired', async () => {
    const oldStore = new SecretStore(new SecretBox(KeyRing.parse(`old:${oldKey}`, 'old')));
    const tenants = [await createTenant(tx), await createTenant(tx)];
    const ids = await Promise.all(
      tenants.map((t) => tx.run(t, (m) => oldStore.create(m, t, 'x3.client_secret', `secret-of-${t}`))),
    );
    for (const tenantId of tenants) await queue('maintenance').add('rotate-secrets', { tenantId });
    const system = new SystemAccess(ds);
    await eventually(
      'no secret left under the old key',
      async () => ((await system.secretKeyUsage()).old ? undefined : true),
      CONDITION_MS,
    );
    const retired = new SecretStore(new SecretBox(KeyRing.parse(`new:${newKey}`, 'new')));
    for (const [i, tenantId] of tenants.entries()) {
      await expect(tx.run(tenantId, (m) => retired.read(m, tenantId, ids[i], 'x3.client_secret'))).resolves.toBe(
        `secret-of-${tenantId}`,
      );
    }
  });

  it('purges a deleted tenant after its retention period: every tenant row goes, the audit trigger included', async () => {
    const t = await createTenant(tx, 'Leaving Ltd');
    const oldStore = new SecretStore(new SecretBox(KeyRing.parse(`new:${newKey}`, 'new')));
    await tx.run(t, async (m) => {
      await oldStore.create(m, t, 'x3.credential', 'to be purged');
      await m.insert(ProbeRun, { tenantId: t });
      await m.query(`INSERT INTO audit_log (tenant_id, actor_kind, action) VALUES ($1, 'system', 'test.entry')`, [t]);
      await m.query(`UPDATE tenants SET status = 'deleting', purge_after = now() - interval '1 minute' WHERE id = $1`, [
        t,
      ]);
    });
    const system = new SystemAccess(ds);
    expect(await system.tenantsDueForPurge()).toContain(t);
    await queue('maintenance').add('purge-tenant', { tenantId: t });
    await eventually(
      'the tenant to be purged',
      async () => ((await system.tenantExists(t)) ? undefined : true),
      CONDITION_MS,
    );
    const tables: Array<{ table_name: string }> = await owner.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'`,
    );
    for (const { table_name } of tables) {
      const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE tenant_id = $1`, [t]);
      expect({ table_name, n }).toEqual({ table_name, n: 0 });
    }
  });
});
