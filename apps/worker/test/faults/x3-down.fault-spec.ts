// Fault (e): the X3 server is unreachable for 10 minutes of the scaled clock while invoices move.
// The tenant's X3 connection points at a proxy the test switches off (connections reset, as from
// a host that went away). X3 gains invoices meanwhile (entered straight into the folder, as its
// users would); once X3 is back, every invoice, before and during the outage, reaches Xero once.
import { SyncTenant, SyncWorld } from '../sync-world';
import {
  expectAgreement,
  startWorkerPatiently,
  linkedInvoices,
  seedAndEnable,
  Seeded,
  startFaultWorld,
  waitFor,
  waitSettled,
} from './fault-world';
import { SwitchableProxy } from './switchable-proxy';

const CUSTOMERS = 30;
const INVOICES = 200;
const CLOCK_SCALE = 10;
/** The outage, on the scaled clock: 10 minutes (60 real seconds at scale 10). */
const OUTAGE_MS = (10 * 60_000) / CLOCK_SCALE;
/** Backstops only: every wait ends on its condition. */
const SETUP_MS = 3_000_000; // includes waiting for another world to finish (one runs at a time)
const RUN_MS = 1_800_000;

describe('fault: X3 down for 10 scaled minutes', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let x3: SwitchableProxy;

  beforeAll(async () => {
    world = await startFaultWorld({ clockScale: CLOCK_SCALE });
    x3 = await SwitchableProxy.start(world.sandbox.url);
    await startWorkerPatiently(world);
    t = await world.pairTenant('NZ', { x3BaseUrl: x3.url });
  }, SETUP_MS);
  afterAll(async () => {
    await world?.close();
    await x3?.close();
  });

  it(
    `brings over invoices entered before and during the outage, each once`,
    async () => {
      const before = await seedAndEnable(world, t, CUSTOMERS, INVOICES);
      await world.probe('the first invoices linked', { timeoutMs: 900_000, stallMs: 300_000 }).until(async () => {
        const n = await linkedInvoices(world, t, before);
        return { done: n > 0 ? n : undefined, progress: { n, counts: await world.pending(t) } };
      });
      x3.switchOff();
      const downAt = Date.now();
      // X3's users carry on: invoices entered during the outage (the control API, not the proxy).
      const during = await world.seedInvoices(t, CUSTOMERS / 2, INVOICES / 2);
      // Down for the whole outage and until our processes have met it (a few refused connections).
      await waitFor('our processes to meet the outage', OUTAGE_MS + 600_000, () =>
        Promise.resolve(Date.now() - downAt >= OUTAGE_MS && x3.refused >= 3 ? true : undefined),
      );
      expect(world.workerAlive()).toBe(true);
      x3.switchOn();
      const seeded: Seeded = {
        customers: [...before.customers, ...during.customers],
        invoices: [...before.invoices, ...during.invoices],
      };
      await waitSettled(world, t, seeded, { timeoutMs: 1_200_000, stallMs: 300_000 });
      await expectAgreement(world, t, seeded);
    },
    RUN_MS,
  );
});
