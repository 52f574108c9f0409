// "With all flows on, the two trial balances agree": an X3 company's invoices (one with two tax
// codes, one whose per-line tax differs from its footer's), a credit memo, a receipt paying an
// invoice in part and a final manual journal, carried by every flow they need; then X3's trial
// balance, summed from its GL entries alone (the documents' VEN, the receipt's REC, the journal)
// and mapped to Xero codes through the integration's account lookups, must equal Xero's Trial
// Balance report account by account, to the cent. Without the journals flow it must not. A USD
// invoice paid in two parts at two other rates agrees too, realised gains and losses included, and
// so do an advance posted in part to an invoice and a receipt over its invoice (REC entries on 610).
import Decimal from 'decimal.js';
import { X3Record } from '#lb/connectors/sage-x3';
import { StarterEntity } from '#lb/mapping';
import { SyncPendingChange } from '../pending/pending-change.entity';
import {
  DrainWorld,
  drainUntilQuiet,
  Pair,
  pairWithFlows,
  startDrainWorld,
  stopDrainWorld,
  x3Records,
  xeroList,
} from './testing/drain-world';
import { creditMemos, newCustomers } from './testing/credit-documents';
import { PaymentWorld } from './testing/payment-world';
import {
  accountMap,
  Balances,
  difference,
  inXeroCodes,
  X3_EXCHANGE_ACCOUNTS,
  x3Entries,
  x3TrialBalance,
  xeroTrialBalance,
  postAdjustmentJournal,
} from './testing/trial-balances';
import { acceptRecords, createX3Documents } from './testing/x3-documents';

jest.setTimeout(300_000);

const ALL: StarterEntity[] = ['customer', 'product', 'invoice', 'creditNote', 'payment', 'journal'];
const FLOWS = ['customers', 'products', 'invoices', 'credit-notes', 'payments', 'journals'];
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));
const line = (quantity: string, price: string, taxCode: string) => ({
  product: 'NZFOOD01',
  quantityInSalesUnitInvoiced: quantity,
  grossPrice: price,
  taxCode,
});

/** What the proof made in X3 and carried: the X3 records its trial balance is summed from. */
interface Made {
  invoices: X3Record[];
  memo: X3Record;
  receipt: X3Record;
  journal: string;
}

describe('the two trial balances agree with all flows on', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  /** The X3 documents of one new customer, each flow's records accepted and drained until quiet. */
  async function carry(pair: Pair, flows: string[]): Promise<Made> {
    const [customer] = await newCustomers(w, 1); // made with one posted invoice (the customer's price basis)
    const bulk = (await x3Records(w, 'salesInvoice')).filter((r) => codeOf(r.billToCustomer) === customer);
    const doc = (lines: object[]) => ({
      invoiceType: 'invoice',
      salesSite: 'NZ011',
      billToCustomer: customer,
      priceBasis: 'excludingTax',
      accountingDate: '2026-11-10',
      lines,
    });
    const made = await createX3Documents(
      w,
      'salesInvoice',
      [
        // two tax codes: 3 × 33.33 at 15 % (GST 14.9985 → 15.00) and 10.01 zero-rated
        doc([line('3', '33.33', 'NZS'), line('1', '10.01', 'NZZ')]),
        // footer GST 20.06 × 15 % = 3.01; per line 1.5045 → 1.50 twice = 3.00
        doc([line('1', '10.03', 'NZS'), line('1', '10.03', 'NZS')]),
      ],
      'post',
    );
    const invoices = [...bulk, ...made];
    const [memo] = await creditMemos(w, [[made[1], '5.00']]);
    const receipt = await t.payment([{ document: made[0], amount: '50.00' }], { accountingDate: '2026-11-20' });
    const journal = await postAdjustmentJournal(w, '2026-11-15');
    const result: Made = { invoices, memo, receipt, journal: journal };

    await acceptRecords(w, pair, 'invoices', 'invoice', invoices);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [memo]);
    await acceptRecords(w, pair, 'payments', 'payment', [receipt]);
    // the journals flow sees every entry of these records: the VEN and REC ones it must leave to the others
    if (flows.includes('journals')) await acceptRecords(w, pair, 'journals', 'journal', await entriesOf(result));
    await drainUntilQuiet(w, pair, flows);
    const rows = await w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange));
    const unsettled = rows.filter((r) => r.state !== 'done').map((r) => [r.flowKey, r.sourceKey, r.state, r.outcome]);
    expect(unsettled).toEqual([]);
    return result;
  }

  /** X3's GL entries of the proof's records: the documents' postings (VEN), the receipt's (REC), the manual journal. */
  async function entriesOf(made: Made): Promise<X3Record[]> {
    const entries = await x3Entries(w, [
      ...made.invoices.map((i) => i._id),
      made.memo._id,
      made.receipt._id,
      made.journal,
    ]);
    const types = new Map(
      entries.map((e) => [e.reference === made.journal ? made.journal : String(e.reference), e.entryType]),
    );
    expect([types.get(made.receipt._id), types.get(made.memo._id)]).toEqual(['REC', 'VEN']);
    return entries;
  }

  const asAt = () => new Date().toISOString().slice(0, 10);

  /**
   * X3's balances of the proof's records in Xero codes, and what the drains moved in Xero's report:
   * the report now less the report before (a new sandbox organisation holds seeded demo documents).
   */
  async function balances(pair: Pair, made: Made, before: Balances) {
    const x3 = inXeroCodes(x3TrialBalance(await entriesOf(made), asAt()), await accountMap(w, pair));
    const after = await xeroTrialBalance(w, pair, asAt());
    return { x3, moved: difference(after.balances, before), after };
  }

  it("X3's trial balance in Xero codes equals Xero's Trial Balance report, account by account, to the cent", async () => {
    const pair = await pairWithFlows(w, ALL);
    const before = await xeroTrialBalance(w, pair, asAt());
    const made = await carry(pair, FLOWS);
    const { x3, moved, after } = await balances(pair, made, before.balances);

    expect(moved).toEqual(x3);
    expect(difference(x3, moved)).toEqual({});
    expect(after.debits).toBe(after.credits);
    expect(Object.keys(x3).sort()).toEqual(['090', '200', '610', '820']);
    expect(x3['090']).toBe('37.66'); // 50.00 received − the journal's 12.34
    // the journals flow carried the manual journal only: the invoices' and the memo's VEN entries
    // and the receipt's REC entry are skipped (their own flows carry them)
    const journals = await w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey: 'journals' } }),
    );
    expect(journals.map((r) => [r.sourceKey === made.journal, r.outcome?.action]).sort()).toEqual(
      [
        [true, 'created'],
        ...made.invoices.map(() => [false, 'skipped']),
        [false, 'skipped'],
        [false, 'skipped'],
      ].sort(),
    );
  });

  it('the check fails without the journals flow: the difference is exactly the journal left in X3', async () => {
    const pair = await pairWithFlows(
      w,
      ALL.filter((e) => e !== 'journal'),
    );
    const before = await xeroTrialBalance(w, pair, asAt());
    const made = await carry(
      pair,
      FLOWS.filter((f) => f !== 'journals'),
    );
    const { x3, moved, after } = await balances(pair, made, before.balances);

    expect(difference(x3, moved)).toEqual({ '090': '-12.34', '200': '12.34' });
    expect(after.debits).toBe(after.credits);
  });

  it('a USD invoice paid in USD in two parts at two other rates: realised loss and gain included, the two agree to the cent', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'payment']);
    const before = await xeroTrialBalance(w, pair, asAt());
    const [customer] = await newCustomers(w, 1);
    const invoice = await t.invoiceOf(customer, 'USD');
    const total = new Decimal(String(invoice.totalAmountIncludingTax));
    const part = total.div(3).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    // the payment's own rate (CHGRAT, the bank's): 1.6 NZD per USD, then 1.78571429 (Xero's 0.625 and 0.56)
    const usd = (amount: Decimal, exchangeRate: string) =>
      t.payment([{ document: invoice, amount: amount.toFixed(2) }], { currency: 'USD', exchangeRate });
    const first = await usd(part, '1.6');
    const rest = await usd(total.minus(part), '1.78571429');
    const invoiceRate = new Decimal(String(invoice.exchangeRate)); // the folder's USD rate on the invoice's date
    expect(invoiceRate.gt('1.6') && invoiceRate.lt('1.78571429')).toBe(true);
    await acceptRecords(w, pair, 'invoices', 'invoice', [invoice]);
    await acceptRecords(w, pair, 'payments', 'payment', [first, rest]);
    await drainUntilQuiet(w, pair, ['customers', 'products', 'invoices', 'payments']);
    const rows = await w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange));
    expect(rows.filter((r) => r.state !== 'done').map((r) => [r.flowKey, r.sourceKey, r.outcome])).toEqual([]);

    const entries = await x3Entries(w, [invoice._id, first._id, rest._id]);
    const map = await accountMap(w, pair);
    const accounts = await xeroList(w, pair, 'Accounts', 'Accounts');
    const realised = String(accounts.find((a) => a.SystemAccount === 'REALISEDCURRENCYGAIN')!.Code);
    expect(X3_EXCHANGE_ACCOUNTS.map((a) => map[a])).toEqual([realised, realised]);
    const x3Balances = x3TrialBalance(entries, asAt());
    const x3 = inXeroCodes(x3Balances, map);
    const after = await xeroTrialBalance(w, pair, asAt());
    const moved = difference(after.balances, before.balances);

    expect(difference(x3, moved)).toEqual({});
    expect(after.debits).toBe(after.credits);
    // the receivable is cleared (at the invoice's rate), the bank holds the payments at theirs
    expect([x3['610'], moved['610']]).toEqual([undefined, undefined]);
    expect(x3[realised]).toBeDefined();
    const bank = new Decimal(part)
      .mul('1.6')
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
      .plus(total.minus(part).mul('1.78571429').toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    expect(x3['090']).toBe(bank.toFixed(2));
    // a loss at 1.6 (below the invoice's rate) on 497/498, then a gain at 1.7857: both lines are in X3's ledger
    expect(X3_EXCHANGE_ACCOUNTS.every((a) => x3Balances.has(a))).toBe(true);
    const xeroPayments = (await xeroList(w, pair, 'Payments', 'Payments')).filter(
      (p) => (p.Invoice as Record<string, unknown>).InvoiceNumber === invoice._id,
    );
    expect(xeroPayments.map((p) => String(p.CurrencyRate)).sort()).toEqual(['0.56', '0.625']);
  });

  it('an advance posted in part to an invoice and a receipt over its invoice: their REC entries alone give X3 the balances Xero holds', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'payment']);
    const before = await xeroTrialBalance(w, pair, asAt());
    const [first, second] = await t.newInvoices(2);
    const customer = codeOf(first.billToCustomer);
    const advance = await t.advance(customer, ['80.00']);
    // 10.37 over the second invoice: a line on no document, the rest of an Overpayment in Xero
    const total = String(second.totalAmountIncludingTax);
    const over = await t.payment([{ document: second, amount: total }], {
      lines: [{ document: second._id, amount: total }, { amount: '10.37' }],
    });
    await acceptRecords(w, pair, 'invoices', 'invoice', [first, second]);
    await acceptRecords(w, pair, 'payments', 'payment', [advance, over]);
    await drainUntilQuiet(w, pair, ['customers', 'products', 'invoices', 'payments']);
    // X3's Prepayment Posting moves 10.00 of the advance onto the first invoice: in Xero an Allocation
    const posted = await t.postPrepayment(advance, first, '10.00');
    await acceptRecords(w, pair, 'payments', 'payment', [posted]);
    await drainUntilQuiet(w, pair, ['payments']);
    const rows = await w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange));
    expect(rows.filter((r) => r.state !== 'done').map((r) => [r.flowKey, r.sourceKey, r.outcome])).toEqual([]);

    const entries = await x3Entries(w, [first._id, second._id, advance._id, over._id]);
    const x3 = inXeroCodes(x3TrialBalance(entries, asAt()), await accountMap(w, pair));
    const after = await xeroTrialBalance(w, pair, asAt());
    const moved = difference(after.balances, before.balances);

    expect(difference(x3, moved)).toEqual({});
    expect(after.debits).toBe(after.credits);
    const received = new Decimal('80.00').plus(total).plus('10.37');
    expect(x3['090']).toBe(received.toFixed(2));
    // the first invoice less the 10.00 posted, less the 70.00 and 10.37 still credit on the account
    expect(x3['610']).toBe(new Decimal(String(first.totalAmountIncludingTax)).minus('90.37').toFixed(2));
  });
});
