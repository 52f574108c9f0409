// Fault (b): the redis-server under the api and the worker (one of this suite's own, so stopping it
// touches no other suite) goes down mid-run and comes back. Bull queues, claim leases and Xero's
// rate-limit buckets live there; the pending changes live in PostgreSQL. Afterwards the run
// completes, nothing lost or duplicated, checked on both sandboxes' stores.
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  OwnRedis,
  readiness,
  seedAndEnable,
  startFaultWorld,
  waitFor,
  waitSettled,
} from './fault-world';

const CUSTOMERS = 40;
const INVOICES = 300;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: Redis restarted mid-run', () => {
  let redis: OwnRedis;
  let world: SyncWorld;
  let t: SyncTenant;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    world = await startFaultWorld({ ownRedis: redis });
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(async () => {
    await world?.close();
    await redis?.close();
  });

  it(
    `completes ${INVOICES} invoices, each once in Xero, across a Redis restart`,
    async () => {
      const seeded = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      const at = await world
        .probe('the first invoices linked', { timeoutMs: 900_000, stallMs: 300_000 })
        .until(async () => {
          const n = await linkedInvoices(world, t, seeded);
          return { done: n > 0 ? n : undefined, progress: { n, counts: await world.pending(t) } };
        });
      await redis.down();
      // The outage is seen: both processes say they are not ready (and neither exits).
      await waitFor('the worker to report Redis down', 120_000, async () =>
        (await readiness(world.worker.url)) === 503 ? true : undefined,
      );
      await waitFor('the api to report Redis down', 120_000, async () =>
        (await readiness(world.api.url)) === 503 ? true : undefined,
      );
      expect(world.workerAlive()).toBe(true);
      await redis.up();
      await waitFor('the worker to be ready again', 300_000, async () =>
        (await readiness(world.worker.url)) === 200 ? true : undefined,
      );
      expect(at).toBeLessThan(INVOICES);
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
    },
    RUN_MS,
  );
});
