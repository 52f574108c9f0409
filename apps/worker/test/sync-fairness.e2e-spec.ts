// Fairness across tenants: while tenant A's 20,000-record backlog is being carried, tenant B's one
// new invoice reaches Xero within 10 s. Real time is Xero time here (clock scale 1), so the X3
// poll interval (5 s) counts against the 10 s too.
import { fairness } from './sync-scenarios';
import { SyncTenant, SyncWorld } from './sync-world';

/** The 20,000 (4,000 customers + 16,000 invoices); SYNC_FAIRNESS_BACKLOG scales a local run down. */
const BACKLOG = Number(process.env.SYNC_FAIRNESS_BACKLOG ?? 20_000);

describe('sync fairness across tenants', () => {
  let world: SyncWorld;
  let a: SyncTenant;
  let b: SyncTenant;

  beforeAll(async () => {
    world = await SyncWorld.start({ clockScale: 1 });
    await world.startWorker();
    a = await world.pairTenant('NZ');
    b = await world.pairTenant('NZ');
  }, 600_000);
  afterAll(() => world?.close());

  it(`carries tenant B's one invoice within 10 s while tenant A's ${BACKLOG}-record backlog runs`, async () => {
    const r = await fairness(world, a, b, { customers: BACKLOG / 5, invoices: (BACKLOG * 4) / 5 });
    process.stderr.write(`sync-fairness: ${JSON.stringify(r)}\n`);
    expect(r.backlogOpenAtArrival).toBeGreaterThan(BACKLOG / 20);
    expect(r.delaySandboxS).toBeLessThanOrEqual(10);
  }, 3_600_000); // a backstop: seeding 20,000 records on a loaded 2-core machine takes many minutes
});
