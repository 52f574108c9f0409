// "With all flows on, the two trial balances agree", purchase side: an X3 company's validated
// supplier invoices (their ACH entries: purchases + GST / payable), a supplier credit note and a
// part payment to the supplier (its PAY entry: payable / bank), carried by the bills, credit-notes
// and payments flows; then X3's trial balance, summed from those GL entries alone and mapped to Xero codes through the integration's account lookups, must equal what
// the drains moved in Xero's Trial Balance report, account by account, to the cent. Without the
// payments flow it must not. A USD sales invoice and a USD bill show what foreign currency does.
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
} from './testing/drain-world';
import { newCustomers, supplierCreditNote } from './testing/credit-documents';
import { PaymentWorld } from './testing/payment-world';
import {
  accountMap,
  Balances,
  difference,
  inXeroCodes,
  x3Entries,
  x3TrialBalance,
  xeroTrialBalance,
} from './testing/trial-balances';
import { acceptRecords, bookedInBase, newBills, newSuppliers } from './testing/x3-documents';

jest.setTimeout(300_000);

const PURCHASES: StarterEntity[] = ['supplier', 'product', 'bill', 'creditNote', 'payment'];
const PURCHASE_FLOWS = ['suppliers', 'products', 'bills', 'credit-notes', 'payments'];

/** What a case made in X3 and carried: the documents and payments whose GL entries X3's trial balance sums. */
interface Made {
  documents: X3Record[];
  payments: X3Record[];
}

describe('the two trial balances agree with the purchase flows on', () => {
  let w: DrainWorld;
  let t: PaymentWorld;
  beforeAll(async () => {
    w = await startDrainWorld();
    t = new PaymentWorld(w);
  });
  afterAll(() => stopDrainWorld(w));

  const asAt = () => new Date().toISOString().slice(0, 10);

  /** Drains the flows until quiet; every pending change must have settled. */
  async function settle(pair: Pair, flows: string[]): Promise<void> {
    await drainUntilQuiet(w, pair, flows);
    const rows = await w.h.tx.run(pair.tenantId, (m) => m.find(SyncPendingChange));
    const unsettled = rows.filter((r) => r.state !== 'done').map((r) => [r.flowKey, r.sourceKey, r.state, r.outcome]);
    expect(unsettled).toEqual([]);
  }

  /** Two validated bills of a new NZD supplier, a credit note of the first and a part payment of it. */
  async function purchases(pair: Pair, flows: string[]): Promise<Made> {
    const [supplier] = await newSuppliers(w, ['NZD']);
    const bills = await newBills(w, [
      {
        billBySupplier: supplier,
        supplierDocumentNumber: `${supplier}-001`,
        priceBasis: 'excludingTax',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '7', netPrice: '12.3450' },
          { product: 'DIS010', quantityInPurchaseUnitInvoiced: '3', netPrice: '4.3750', taxCode: 'NZZ' },
        ],
      },
      {
        billBySupplier: supplier,
        supplierDocumentNumber: `${supplier}-002`,
        priceBasis: 'includingTax',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '2', netPrice: '19.99' },
          { product: 'DIS004', quantityInPurchaseUnitInvoiced: '11', netPrice: '7.1234' },
        ],
      },
    ]);
    const note = await supplierCreditNote(w, bills[0], [
      { product: 'DIS010', quantityInPurchaseUnitInvoiced: '1', netPrice: '4.3750', taxCode: 'NZS' },
    ]);
    const paid = await t.payment([{ document: bills[1], amount: '50.00' }], { accountingDate: '2026-11-20' });
    expect([paid.businessPartnerType, paid.sense]).toEqual(['supplier', 'expense']);
    await acceptRecords(w, pair, 'bills', 'bill', bills);
    await acceptRecords(w, pair, 'credit-notes', 'creditNote', [note]);
    if (flows.includes('payments')) await acceptRecords(w, pair, 'payments', 'payment', [paid]);
    await settle(pair, flows);
    return { documents: [...bills, note], payments: [paid] };
  }

  /** X3's GL entries of the documents (VEN of sales, ACH of supplier invoices) and of the payments (PAY): exactly one each. */
  async function entriesOf(made: Made): Promise<X3Record[]> {
    const entries = await x3Entries(
      w,
      [...made.documents, ...made.payments].map((r) => r._id),
    );
    expect(entries.map((e) => [e.entryType, e.reference]).sort()).toEqual(
      [
        ...made.documents.map((d) => [d.billBySupplier ? 'ACH' : 'VEN', d._id]),
        ...made.payments.map((p) => [p.entryType, p._id]),
      ].sort(),
    );
    return entries;
  }

  /** X3's balances of the case's records in Xero codes, and what the drains moved in Xero's report. */
  async function balances(pair: Pair, made: Made, before: Balances) {
    const x3 = inXeroCodes(x3TrialBalance(await entriesOf(made), asAt()), await accountMap(w, pair));
    const after = await xeroTrialBalance(w, pair, asAt());
    return { x3, moved: difference(after.balances, before), after };
  }

  it("bills, a supplier credit note and a supplier payment: X3's trial balance in Xero codes equals Xero's, to the cent", async () => {
    const pair = await pairWithFlows(w, PURCHASES);
    const before = await xeroTrialBalance(w, pair, asAt());
    const made = await purchases(pair, PURCHASE_FLOWS);
    const { x3, moved, after } = await balances(pair, made, before.balances);

    expect(moved).toEqual(x3);
    expect(difference(x3, moved)).toEqual({});
    expect(after.debits).toBe(after.credits);
    expect(Object.keys(x3).sort()).toEqual(['090', '310', '800', '820']);
    expect(x3['090']).toBe('-50.00'); // the part payment, out of the bank
  });

  it('the check fails without the payments flow: the difference is exactly the payment left in X3', async () => {
    const pair = await pairWithFlows(
      w,
      PURCHASES.filter((e) => e !== 'payment'),
    );
    const before = await xeroTrialBalance(w, pair, asAt());
    const made = await purchases(
      pair,
      PURCHASE_FLOWS.filter((f) => f !== 'payments'),
    );
    const { x3, moved, after } = await balances(pair, made, before.balances);

    expect(difference(x3, moved)).toEqual({ '090': '-50.00', '800': '50.00' });
    expect(after.debits).toBe(after.credits);
  });

  it('a USD sales invoice agrees; a USD bill differs by one cent between 310 and the payable (line-by-line conversion)', async () => {
    const pair = await pairWithFlows(w, ['customer', 'product', 'invoice', 'supplier', 'bill']);
    const before = await xeroTrialBalance(w, pair, asAt());
    const [customer] = await newCustomers(w, 1);
    const invoice = await t.invoiceOf(customer, 'USD');
    const [supplier] = await newSuppliers(w, ['USD']);
    const [bill] = await newBills(w, [
      {
        billBySupplier: supplier,
        supplierDocumentNumber: `${supplier}-USD`,
        currency: 'USD',
        lines: [
          { product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '13', netPrice: '33.3333' },
          { product: 'DIS005', quantityInPurchaseUnitInvoiced: '4', netPrice: '2.9999' },
        ],
      },
    ]);
    expect([invoice.currency, bill.currency].map(String)).toEqual(['USD', 'USD']);
    await acceptRecords(w, pair, 'invoices', 'invoice', [invoice]);
    await acceptRecords(w, pair, 'bills', 'bill', [bill]);
    await settle(pair, ['customers', 'suppliers', 'products', 'invoices', 'bills']);
    const { x3, moved, after } = await balances(pair, { documents: [invoice, bill], payments: [] }, before.balances);

    // The invoice agrees. The bill does not, by a cent: for it the bills flow sends CurrencyRate
    // 0.587547, not 1/1.702 = 0.587544, so that Xero's Total / CurrencyRate is X3's ledger total
    // (871.64 = 757.95 + 113.69, each converted at 1.702). Xero's report converts line by line at
    // that rate: 310 gets 433.33 → 737.52 and 12.00 → 20.42 = 757.94, and the payable the sum, 871.63.
    const usdBill = await t.xeroDocument(pair, bill._id);
    expect([String(usdBill.CurrencyRate), bookedInBase(usdBill)]).toEqual(['0.587547', '871.64']);
    expect([x3['310'], moved['310'], x3['800'], moved['800']]).toEqual(['757.95', '757.94', '-871.64', '-871.63']);
    expect(difference(x3, moved)).toEqual({ '310': '0.01', '800': '-0.01' });
    expect(after.debits).toBe(after.credits);
  });
});
