// The crash test for bills, customer receipts and journals: kill -9 the worker while each of the
// bills, payments and journals flows is mid-run, start a new one, and afterwards find each record
// in Xero exactly once by OUR key, linked to that very record, with no dead letter. Bills: ACCPAY
// Reference = X3 key, and the organisation does not hold invoice numbers unique (sandbox switch),
// so a bill sent twice would be two bills. Payments: Xero pays one invoice per Payment, so an X3
// receipt over three invoices is three Xero Payments, each with Reference = X3 key: we count per
// (X3 payment, invoice) part. Journals have no natural key in Xero: our key opens the Narration
// ("X3 <key>: …"), and a POST without an id always creates, so a journal sent twice shows twice.
// The closing control writes one copy of each kind as a double write would, and the same count
// must then name exactly those: the count can fail.
import Decimal from 'decimal.js';
import { openCount } from './sync-probe';
import { SyncTenant, SyncWorld } from './sync-world';
import {
  notOnce,
  paymentParts,
  SeededReceipts,
  seedBills,
  seedJournals,
  seedReceipts,
  xeroAmountsDue,
  xeroBillsByReference,
  xeroJournalsByKey,
  unfinishedBatches,
  xeroPaymentsByReference,
  writeCopies,
} from './sync-world-documents';

const SUPPLIERS = 60;
const BILLS = 300;
/** Three invoices each; the receipts (sync-world-documents.ts) come to 7 payments (10 parts) per 3 customers. */
const RECEIPT_CUSTOMERS = 130;
const JOURNALS = 300;
/** Changes a drain claims at once (DRAIN_BATCH): a flow moves by up to this many records at a time. */
const CLAIM = 50;
/** Backstops only (waits end on their conditions); setup includes waiting for another sync world to finish. */
const SETUP_MS = 3_000_000;
const RUN_MS = 1_800_000;

type Kind = 'bill' | 'payment' | 'journal';
const KINDS: Kind[] = ['bill', 'payment', 'journal'];

describe('sync crash test: kill -9 the worker mid-run of bills, payments and journals', () => {
  let world: SyncWorld;
  let t: SyncTenant;

  beforeAll(async () => {
    // The default cap (2 drains of the tenant at once) with three flows: the flows take turns
    // (TenantDrainCap hands a freed slot to the waiting one), so a kill finds all three mid-run.
    world = await SyncWorld.start();
    await world.startWorker();
    t = await world.pairTenant('NZ');
  }, SETUP_MS);
  afterAll(() => world?.close());

  it(
    'leaves each bill, payment part and journal exactly once in Xero, all linked, after kill -9s mid-run',
    async () => {
      const started = Date.now();
      // Journals first: their X3 entries come before the VEN entries the invoices' posting makes, so
      // the journals flow reaches ours without first filtering hundreds of those.
      const journals = await seedJournals(world, t, JOURNALS);
      const bills = await seedBills(world, t, SUPPLIERS, BILLS);
      const receipts: SeededReceipts = await seedReceipts(world, t, RECEIPT_CUSTOMERS);
      const keys: Record<Kind, string[]> = {
        bill: bills.bills,
        payment: receipts.payments.map((p) => p.id),
        journal: journals,
      };
      process.stderr.write(
        `crash documents: seeded ${BILLS} bills, ${receipts.invoices.length} invoices, ${keys.payment.length} payments ` +
          `(${receipts.payments.reduce((n, p) => n + p.lines.length, 0)} parts), ${JOURNALS} journals in ${Date.now() - started} ms\n`,
      );
      // The prerequisites first (parties, items, the invoices the receipts pay), then the three
      // flows under test together, so that one kill can find all three mid-run.
      await world.enableFlows(t, ['suppliers', 'customers', 'products', 'invoices']);
      const runStarted = Date.now();
      await world
        .probe('the suppliers, customers and invoices linked', { timeoutMs: 900_000, stallMs: 240_000 })
        .until(async () => {
          const suppliers = await world.linkedCount(t, 'supplier', bills.suppliers);
          const customers = await world.linkedCount(t, 'customer', receipts.customers);
          const invoices = await world.linkedCount(t, 'invoice', receipts.invoices);
          const ready =
            suppliers === SUPPLIERS && customers === RECEIPT_CUSTOMERS && invoices === receipts.invoices.length;
          return { done: ready || undefined, progress: { suppliers, customers, invoices } };
        });
      await world.enableFlows(t, ['journals', 'bills', 'payments']);
      process.stderr.write(`crash documents: flows under test on at ${Date.now() - runStarted} ms\n`);

      const linked = async () => {
        const out = {} as Record<Kind, number>;
        for (const k of KINDS) out[k] = await world.linkedCount(t, k, keys[k]);
        return out;
      };
      const midRun = (n: number, k: Kind) => n > 0 && n < keys[k].length;

      // Kill when every kind not yet killed mid-run is under way, or sooner when one of them is a
      // claim from done (so it is not missed); a kind that finished before any kill landed fails the test.
      const kills: Array<Record<Kind, number>> = [];
      const remaining = new Set<Kind>(KINDS);
      while (remaining.size > 0 && kills.length < KINDS.length) {
        const finished = await world
          .probe(`a kill point for ${[...remaining].join(', ')}`, { timeoutMs: 900_000, stallMs: 240_000 })
          .until(async () => {
            const now = await linked();
            const open = [...remaining];
            const over = open.filter((k) => now[k] === keys[k].length);
            const under = open.filter((k) => midRun(now[k], k));
            // one claim (50 records) from done: the next could finish it
            const late = under.some((k) => keys[k].length - now[k] <= CLAIM);
            const ready = over.length > 0 || under.length === open.length || late;
            return { done: ready ? over : undefined, progress: now };
          });
        expect(finished).toEqual([]); // a kind carried whole before a kill reached it: the test would prove nothing for it
        await world.killWorker();
        // Measured after the process is gone: what the dead worker had linked (its open transactions rolled back).
        const atDeath = await linked();
        const inFlight = await unfinishedBatches(world, t); // resent by the next worker under the same Idempotency-Key
        kills.push(atDeath);
        for (const k of [...remaining]) if (midRun(atDeath[k], k)) remaining.delete(k);
        process.stderr.write(
          `crash documents: kill ${kills.length} at ${Date.now() - runStarted} ms: linked ${JSON.stringify(atDeath)}, batches in flight ${JSON.stringify(inFlight)}\n`,
        );
        await world.startWorker();
      }
      // Each kind had a kill land while it was mid-run, or the test proves nothing for it.
      expect([...remaining]).toEqual([]);

      // The killed workers' claims and drain slots are taken again when their leases run out: the wait allows for that.
      await world
        .probe('every bill, payment and journal linked, nothing open', { timeoutMs: 1_200_000, stallMs: 300_000 })
        .until(async () => {
          const now = await linked();
          const counts = await world.pending(t);
          const done = KINDS.every((k) => now[k] === keys[k].length) && openCount(counts) === 0;
          return { done: done || undefined, progress: { now, counts } };
        });
      process.stderr.write(
        `crash documents: all linked ${Date.now() - runStarted} ms after the flows were switched on\n`,
      );

      const seeded = {
        customers: [...receipts.customers, ...bills.suppliers],
        invoices: [...receipts.invoices, ...keys.bill, ...keys.payment, ...keys.journal],
      };
      expect(await world.seededDeadLetters(t, seeded)).toEqual([]);
      const refs = await world.linked(t);
      const ref = (k: string) => refs.get(k) ?? new Map<string, string>();

      // Bills: once each by Reference, linked to that very bill.
      const xeroBills = await xeroBillsByReference(world, t);
      expect(notOnce(keys.bill, xeroBills)).toEqual([]);
      expect(keys.bill.filter((b) => ref('bill').get(b) !== xeroBills.get(b)![0])).toEqual([]);

      // Payments: per X3 payment, exactly one Xero Payment per invoice it settles, to the cent, on
      // that invoice's Xero copy; our parts and the payment's cross-reference name those Payments.
      const xeroPayments = await xeroPaymentsByReference(world, t);
      const parts = await paymentParts(world, t);
      const wrong: unknown[] = [];
      for (const p of receipts.payments) {
        const expected = p.lines
          .map((l) => `${ref('invoice').get(l.document)}=${new Decimal(l.amount).toFixed(2)}`)
          .sort();
        const inXero = xeroPayments.get(p.id) ?? [];
        const seen = inXero.map((x) => `${x.invoiceId}=${x.amount}`).sort();
        const ids = inXero.map((x) => x.paymentId).sort();
        const ours = [...(parts.get(p.id) ?? [])].sort();
        if (JSON.stringify(seen) !== JSON.stringify(expected) || JSON.stringify(ours) !== JSON.stringify(ids))
          wrong.push({ payment: p.id, expected, seen, ours });
        else if (!ids.includes(ref('payment').get(p.id) ?? ''))
          wrong.push({ payment: p.id, crossReference: ref('payment').get(p.id) });
      }
      expect(wrong).toEqual([]);
      // What each invoice still owes in Xero is what it owes in X3.
      const due = await xeroAmountsDue(world, t);
      const owing = Object.entries(receipts.open).filter(
        ([inv, open]) => due.get(ref('invoice').get(inv) ?? '') !== new Decimal(open).toFixed(2),
      );
      expect(owing.map(([inv, open]) => [inv, open, due.get(ref('invoice').get(inv) ?? '')])).toEqual([]);

      // Journals: once each by the key in the Narration, linked to that very journal.
      const xeroJournals = await xeroJournalsByKey(world, t);
      expect(notOnce(keys.journal, xeroJournals)).toEqual([]);
      expect(keys.journal.filter((j) => ref('journal').get(j) !== xeroJournals.get(j)![0])).toEqual([]);

      // The control: a second copy of one record of each kind, as a double send would leave it, and
      // the same count names exactly those (so a pass above is not a count that cannot fail).
      const partly = receipts.payments.find(
        (p) => p.lines.length === 1 && new Decimal(receipts.open[p.lines[0].document]).gte(p.lines[0].amount),
      )!;
      await writeCopies(t, {
        billId: xeroBills.get(keys.bill[7])![0],
        journalId: xeroJournals.get(keys.journal[7])![0],
        payment: {
          invoiceId: ref('invoice').get(partly.lines[0].document)!,
          amount: partly.lines[0].amount,
          reference: partly.id,
        },
      });
      expect(notOnce(keys.bill, await xeroBillsByReference(world, t))).toEqual([[keys.bill[7], 2]]);
      expect(notOnce(keys.journal, await xeroJournalsByKey(world, t))).toEqual([[keys.journal[7], 2]]);
      const paymentsAfter = await xeroPaymentsByReference(world, t);
      expect(
        receipts.payments.filter((p) => paymentsAfter.get(p.id)?.length !== p.lines.length).map((p) => p.id),
      ).toEqual([partly.id]);

      process.stderr.write(
        `crash documents: ${kills.length} kills, run ${Date.now() - runStarted} ms, total ${Date.now() - started} ms; ` +
          `Xero holds ${keys.bill.length} bills, ${keys.payment.reduce((n, k) => n + (xeroPayments.get(k)?.length ?? 0), 0)} payments, ${keys.journal.length} journals of ours\n`,
      );
    },
    RUN_MS,
  );
});
