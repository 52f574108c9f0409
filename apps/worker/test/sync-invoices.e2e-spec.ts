// X3 → Xero through the whole engine on the sandboxes: posted X3 invoices whose customers Xero has
// never seen reach Xero once each, the customers first and once each, with no dead letters; then
// a steady state: records saved again unchanged cost no write, and one real change costs one.
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

// 20 in the everyday suite (the crash test carries 2,000); SYNC_E2E_INVOICES=5000 is the size.
const INVOICES = Number(process.env.SYNC_E2E_INVOICES ?? 20);
const CUSTOMERS = Math.max(1, Math.round(INVOICES / 5));
/** Xero seconds per real second (the sandbox and our processes agree on it). */
const CLOCK_SCALE = 4;
/** Backstops only (waits end on their conditions): thousands of records on a loaded 2-core machine. */
// includes waiting for another sync world to finish (one runs at a time: SyncWorld.start)
const SETUP_MS = 3_000_000;
const RUN_MS = 3_600_000;

describe('sync x3 → xero: invoices with new customers', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let seeded: { customers: string[]; invoices: string[] };

  beforeAll(async () => {
    world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
    await world.startWorker();
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    `carries ${INVOICES} posted invoices to Xero once each, each new customer once, zero dead letters`,
    async () => {
      seeded = await world.seedInvoices(t, CUSTOMERS, INVOICES);
      await world.enableFlows(t, ['customers', 'products', 'invoices']);
      await world
        .probe(`all ${INVOICES} invoices linked`, { timeoutMs: 1_500_000, stallMs: 180_000 })
        .until(async () => {
          const linked = (await world.linked(t)).get('invoice') ?? new Map();
          const invoices = seeded.invoices.filter((id) => linked.has(id)).length;
          const counts = await world.pending(t);
          const settled = invoices === INVOICES && openCount(counts) === 0;
          return { done: settled || undefined, progress: { invoices, counts } };
        });

      expect(await world.seededDeadLetters(t, seeded)).toEqual([]);
      const inXero = await world.xeroInvoicesByNumber(t);
      const wrong = seeded.invoices.filter((id) => inXero.get(id) !== 1).map((id) => [id, inXero.get(id) ?? 0]);
      expect(wrong).toEqual([]);
      const contacts = await world.xeroContactsByNumber(t);
      const customersWrong = seeded.customers
        .filter((c) => contacts.get(c) !== 1)
        .map((c) => [c, contacts.get(c) ?? 0]);
      expect(customersWrong).toEqual([]);
      // Linked means linked to the very record Xero holds under our key.
      const linked = await world.linked(t);
      const ids = new Map(
        (await world.xeroList(t, 'Invoices')).map((i) => [String(i.InvoiceNumber), String(i.InvoiceID)] as const),
      );
      expect(seeded.invoices.filter((id) => linked.get('invoice')!.get(id) !== ids.get(id))).toEqual([]);
      const calls = await world.xeroCalls(t);
      process.stderr.write(
        `sync-invoices: ${INVOICES} invoices + ${CUSTOMERS} customers in ${calls.calls} Xero calls (${(calls.calls / (INVOICES + CUSTOMERS)).toFixed(4)}/record)\n`,
      );
    },
    RUN_MS,
  );

  // The customers flow is both ways: the echo of each contact written to Xero comes back through
  // the Xero intake, and must neither rewrite X3 (our own write, not a change) nor, through X3, Xero.
  it('steady state: records saved again unchanged cost no write; one changed customer costs one', async () => {
    const before = await world.writtenRecords(t);
    const xeroBefore = await world.xeroList(t, 'Contacts');
    // A mass "save" in X3: new update stamps, same content.
    const touchedInvoices = await world.x3(t, 'POST', '/touch', { entity: 'salesInvoice', ids: seeded.invoices });
    expect(touchedInvoices.body.touched).toBe(INVOICES);
    expect((await world.x3(t, 'POST', '/touch', { entity: 'customer', ids: seeded.customers })).status).toBe(201);
    // Then one real edit, after the touches: once it is in Xero, the polls have read past the touches.
    const edited = seeded.customers[0];
    const patch = await world.x3(t, 'PATCH', `/customers/${edited}`, { companyName: 'Steady State Renamed Ltd' });
    expect(patch.status).toBe(200);
    await world.probe('the edited customer in Xero', { timeoutMs: 300_000, stallMs: 120_000 }).until(async () => {
      const c = (await world.xeroList(t, 'Contacts')).find((x) => x.ContactNumber === edited);
      const counts = await world.pending(t);
      const done = c?.Name === 'Steady State Renamed Ltd' && openCount(counts) === 0;
      return { done: done || undefined, progress: { name: c?.Name, counts } };
    });

    const written = await world.writtenRecords(t);
    if (written !== before + 1)
      process.stderr.write(
        `sync-invoices steady state wrote: ${JSON.stringify(await world.batchesSince(t, before))}\n`,
      );
    expect(written).toBe(before + 1);
    expect(await world.deadLetters(t)).toEqual([]);
    // Xero's own view agrees: only the edited contact changed.
    const changed = (await world.xeroList(t, 'Contacts'))
      .filter((c) => {
        const old = xeroBefore.find((o) => o.ContactID === c.ContactID);
        return !old || old.UpdatedDateUTC !== c.UpdatedDateUTC;
      })
      .map((c) => c.ContactNumber);
    expect(changed).toEqual([edited]);
  }, 600_000);
});
