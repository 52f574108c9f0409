// Fairness across tenants: while tenant A's 20,000-record backlog is being carried, tenant B's one
// new invoice reaches Xero within 10 s. Real time is Xero time here (clock scale 1), so the X3
// poll interval (5 s) counts against the 10 s too.
import { fairness } from './sync-scenarios';
import { SyncTenant, SyncWorld } from './sync-world';

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

  it("carries tenant B's one invoice within 10 s while tenant A's 20,000-record backlog runs", async () => {
    const r = await fairness(world, a, b, { customers: 4000, invoices: 16_000 });
    process.stderr.write(`sync-fairness: ${JSON.stringify(r)}\n`);
    expect(r.backlogOpenAtArrival).toBeGreaterThan(1000);
    expect(r.delaySandboxS).toBeLessThanOrEqual(10);
  }, 3_600_000); // a backstop: seeding 20,000 records on a loaded 2-core machine takes many minutes
});
