// Fault (g): clock skew between processes. Two workers sync one tenant side by side, one's wall
// clock two minutes ahead and the other's two minutes behind the api's, PostgreSQL's and Xero's
// (skewed-clock.js, preloaded). Claim leases, token expiry and delays must not depend on the
// clocks agreeing: each invoice reaches Xero once, as both sandboxes' stores show.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startWorker, WorkerProcess } from '../worker-harness';
import { SyncTenant, SyncWorld } from '../sync-world';
import { expectAgreement, startWorkerPatiently, seedAndEnable, startFaultWorld, waitSettled } from './fault-world';

const CUSTOMERS = 40;
const INVOICES = 300;
const SKEW_MS = 120_000;
const PRELOAD = resolve(__dirname, 'skewed-clock.js');
const skewed = (ms: number) => ({
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim(),
  LB_CLOCK_SKEW_MS: String(ms),
});
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: clock skew between processes', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let behind: WorkerProcess | undefined;

  beforeAll(async () => {
    // The world's own worker runs ahead (the in-process api ignores these two settings).
    world = await startFaultWorld({ env: skewed(SKEW_MS) });
    await startWorkerPatiently(world);
    behind = await startWorker({ ...world.env, ...skewed(-SKEW_MS), LOG_LEVEL: 'warn', SYNC_SWEEP: 'on' });
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(async () => {
    await behind?.stop();
    await world?.close();
  });

  it('the preload skews a process clock by the given amount (or the scenario below proves nothing)', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(new Date().getTime()))'], {
      env: { ...process.env, ...skewed(-SKEW_MS) },
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    const offset = Number(child.stdout) - Date.now();
    expect(offset).toBeLessThan(-SKEW_MS + 30_000);
    expect(offset).toBeGreaterThan(-SKEW_MS - 30_000);
  });

  it(
    `completes ${INVOICES} invoices, each once in Xero, with two workers four minutes apart`,
    async () => {
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      expect(behind && !behind.output().includes('FATAL')).toBe(true);
      await expectAgreement(world, t, seeded);
    },
    RUN_MS,
  );
});
