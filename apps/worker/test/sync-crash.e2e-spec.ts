// The crash test: kill -9 the worker twice in the middle of a 2,000-invoice run and start a new
// one each time. Afterwards each invoice is in Xero exactly once and linked to that very record.
// The Xero organisation does not hold invoice numbers unique (sandbox switch), so a write sent
// twice would leave two invoices under one number, and the count below would see it.
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';

const INVOICES = 2000;
const CUSTOMERS = 400;
const CLOCK_SCALE = 1;
/** Backstops only (waits end on their conditions): seeding and syncing thousands of records on a loaded 2-core machine. */
// includes waiting for another sync world to finish (one runs at a time: SyncWorld.start)
const SETUP_MS = 3_000_000;
const RUN_MS = 2_700_000;

describe('sync crash test: kill -9 the worker mid-run', () => {
  let world: SyncWorld;
  let t: SyncTenant;
  let seeded: { customers: string[]; invoices: string[] };

  beforeAll(async () => {
    world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
    await world.startWorker();
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  const linkedInvoices = async () => {
    const linked = (await world.linked(t)).get('invoice') ?? new Map<string, string>();
    return seeded.invoices.filter((id) => linked.has(id)).length;
  };

  /** Waits until at least `share` of the invoices are linked, while writes are still going on. */
  const midRun = (share: number) =>
    world
      .probe(`${Math.round(share * 100)} % of the invoices linked`, { timeoutMs: 900_000, stallMs: 240_000 })
      .until(async () => {
        const written = await world.writtenRecords(t);
        const invoices = await linkedInvoices();
        return { done: invoices >= INVOICES * share ? invoices : undefined, progress: { invoices, written } };
      });

  it(
    `leaves each of ${INVOICES} invoices exactly once in Xero, all linked, after two kill -9s`,
    async () => {
      seeded = await world.seedInvoices(t, CUSTOMERS, INVOICES);
      await world.enableFlows(t, ['customers', 'products', 'invoices']);
      for (const share of [0.2, 0.55]) {
        const at = await midRun(share);
        await world.killWorker();
        // The kill must land mid-run, or the test proves nothing.
        expect(at).toBeLessThan(INVOICES);
        await world.startWorker();
      }
      // Claims of the killed workers are taken again when their leases expire: the wait allows for that.
      await world
        .probe(`all ${INVOICES} invoices linked`, { timeoutMs: 1_200_000, stallMs: 300_000 })
        .until(async () => {
          const invoices = await linkedInvoices();
          const counts = await world.pending(t);
          const done = invoices === INVOICES && openCount(counts) === 0;
          return { done: done || undefined, progress: { invoices, counts } };
        });

      expect(await world.seededDeadLetters(t, seeded)).toEqual([]);
      const xeroInvoices = (await world.xeroList(t, 'Invoices')).filter(
        (i) => i.Type === 'ACCREC' && !['DELETED', 'VOIDED'].includes(String(i.Status)),
      );
      const byNumber = new Map<string, string[]>();
      for (const i of xeroInvoices) {
        const number = typeof i.InvoiceNumber === 'string' ? i.InvoiceNumber : '';
        byNumber.set(number, [...(byNumber.get(number) ?? []), String(i.InvoiceID)]);
      }
      const notOnce = seeded.invoices.filter((id) => byNumber.get(id)?.length !== 1);
      expect(notOnce.map((id) => [id, byNumber.get(id)?.length ?? 0])).toEqual([]);
      const linked = (await world.linked(t)).get('invoice')!;
      expect(seeded.invoices.filter((id) => linked.get(id) !== byNumber.get(id)![0])).toEqual([]);
      const contacts = await world.xeroContactsByNumber(t);
      expect(seeded.customers.filter((c) => contacts.get(c) !== 1).map((c) => [c, contacts.get(c) ?? 0])).toEqual([]);
    },
    RUN_MS,
  );
});
