// What every fault scenario shares: the sync proof world (sandbox, api, worker as its own process:
// ../sync-world.ts), optionally on a redis-server of its own that a scenario may stop and start,
// a starter flow moving real records (X3 customers and posted invoices to Xero), waits on
// conditions, and the closing agreement check (agreement.ts) that reads both sandboxes' stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireEnv } from '#lb/testing';
import { startLocalRedis, LocalRedisHandle } from '../../../../scripts/devstack/redis';
import { findFreePort } from '../../../../scripts/devstack/ports';
import { openCount, PendingCounts } from '../sync-probe';
import { SyncTenant, SyncWorld, SyncWorldOptions } from '../sync-world';
import { agreed, checkAgreement } from './agreement';

export interface Seeded {
  customers: string[];
  invoices: string[];
}

/** A redis-server this suite owns, on a fixed port so a restart comes back where clients look. */
export class OwnRedis {
  private handle?: LocalRedisHandle;
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const own = new OwnRedis(await findFreePort(), mkdtempSync(join(tmpdir(), 'lb-faults-redis-')));
    await own.up();
    return own;
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * With an append-only file, as a production Redis keeps one: a restart keeps queues, repeatable
   * jobs and buckets, and loses what the clients tried while it was down.
   */
  async up(): Promise<void> {
    if (this.handle) return;
    this.handle = await startLocalRedis({ port: this.port, dataDir: this.dataDir });
  }

  async down(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }
}

/** A SyncWorld; with `ownRedis`, the api and the worker use that redis-server instead of the run's. */
export async function startFaultWorld(opts: SyncWorldOptions & { ownRedis?: OwnRedis } = {}): Promise<SyncWorld> {
  const env = { ...opts.env, ...(opts.ownRedis ? { REDIS_URL: opts.ownRedis.url } : {}) };
  return SyncWorld.start({ ...opts, env });
}

/**
 * Starts the world's worker, again if it did not come up within the harness's 120 s (a load
 * average above 20 on two cores has delayed a start past that): a slow start is not the fault under test.
 */
export async function startWorkerPatiently(world: SyncWorld, attempts = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await world.startWorker();
      return;
    } catch (e) {
      if (i >= attempts || !/did not answer within/.test(String(e))) throw e;
      process.stderr.write(`fault world: the worker did not come up (attempt ${i}), starting it again\n`);
    }
  }
}

/** The starter flow's volume in X3, then the flows switched on as an admin does. */
export async function seedAndEnable(world: SyncWorld, t: SyncTenant, customers: number, invoices: number) {
  const seeded = await world.seedInvoices(t, customers, invoices);
  await world.enableFlows(t, ['customers', 'products', 'invoices']);
  return seeded;
}

/** How many of the scenario's invoices are linked to a Xero invoice in our cross-reference. */
export async function linkedInvoices(world: SyncWorld, t: SyncTenant, seeded: Seeded): Promise<number> {
  const linked = (await world.linked(t)).get('invoice') ?? new Map<string, string>();
  return seeded.invoices.filter((id) => linked.has(id)).length;
}

/** Waits until every invoice is linked and nothing is left open (pending, claimed, waiting). */
export async function waitSettled(
  world: SyncWorld,
  t: SyncTenant,
  seeded: Seeded,
  opts: { timeoutMs: number; stallMs: number },
): Promise<PendingCounts> {
  return world.probe(`all ${seeded.invoices.length} invoices linked, nothing open`, opts).until(async () => {
    const invoices = await linkedInvoices(world, t, seeded);
    const counts = await world.pending(t);
    const done = invoices === seeded.invoices.length && openCount(counts) === 0;
    return { done: done ? counts : undefined, progress: { invoices, counts } };
  });
}

/** The readiness answer of one of our processes (`GET /health`: 200 when PostgreSQL and Redis answer, else 503). */
export async function readiness(url: string): Promise<number> {
  return fetch(`${url}/health`, { signal: AbortSignal.timeout(30_000) }).then(
    (r) => r.status,
    () => 0,
  );
}

/** Waits on a condition of the test's own (no worker liveness implied), polling; the timeout is a backstop. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: Error | undefined;
  for (;;) {
    try {
      const seen = await check();
      if (seen !== undefined) return seen;
    } catch (e) {
      lastError = e as Error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `waiting for ${what}: not within ${timeoutMs / 1000} s${lastError ? ` (${lastError.message})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 250)); // poll interval
  }
}

/**
 * The closing check of every scenario: both sandboxes' stores agree on the scenario's records, and
 * nothing the flow failed on is parked in the dead-letter list (a failed record is asserted, not skipped).
 */
export async function expectAgreement(world: SyncWorld, t: SyncTenant, seeded: Seeded): Promise<void> {
  const agreement = await checkAgreement({
    sandboxDatabaseUrl: requireEnv('SANDBOX_DATABASE_URL'),
    x3Folder: t.folder.folder,
    xeroOrgId: t.org.tenantId,
    customers: seeded.customers,
    invoices: seeded.invoices,
  });
  expect(agreement).toEqual(agreed({ invoices: seeded.invoices.length, customers: seeded.customers.length }));
  expect(await world.seededDeadLetters(t, seeded)).toEqual([]);
}
