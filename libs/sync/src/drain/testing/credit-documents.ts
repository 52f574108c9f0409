// X3 documents for the credit-note allocation proofs: sales invoices and the credit memos that
// credit them (SIHORINUM), supplier bills and the supplier credit notes that credit them
// (PIHINVNUM), each priced by the X3 sandbox's business code; and what Xero and our
// sync_credit_allocations rows hold of their allocations afterwards.
import { X3Record } from '#lb/connectors/sage-x3';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { SyncCreditAllocation } from '../credit-allocation.entity';
import { DrainWorld, Pair, xeroList } from './drain-world';
import { cents, createX3Documents, newBills } from './x3-documents';

type Json = Record<string, unknown>;

/** New X3 customers of NZ10 (made with a posted invoice each by the sandbox's bulk maker). */
export async function newCustomers(w: DrainWorld, count: number): Promise<string[]> {
  const made = await x3Control(w.sb.url, w.folder, 'POST', '/bulk/sales-invoices', {
    site: 'NZ011',
    customers: count,
    invoices: count,
  });
  if (made.status !== 201) throw new Error(`bulk customers: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.customers as string[];
}

/** One line of NZFOOD01 at `net` excluding 15% GST: the document's total is net × 1.15. */
const oneLine = (net: string) => [
  { product: 'NZFOOD01', quantityInSalesUnitInvoiced: '1', grossPrice: net, taxCode: 'NZS' },
];

/** Posted NZ10 sales invoices, one per [customer, net]. */
export function postedInvoices(w: DrainWorld, specs: Array<[string, string]>): Promise<X3Record[]> {
  const inputs = specs.map(([customer, net]) => ({
    invoiceType: 'invoice',
    salesSite: 'NZ011',
    billToCustomer: customer,
    priceBasis: 'excludingTax',
    accountingDate: '2026-11-10',
    lines: oneLine(net),
  }));
  return createX3Documents(w, 'salesInvoice', inputs, 'post');
}

/** Posted credit memos, one per [invoice, net], each crediting that invoice (same customer). */
export function creditMemos(w: DrainWorld, specs: Array<[X3Record, string]>): Promise<X3Record[]> {
  const inputs = specs.map(([invoice, net]) => ({
    invoiceType: 'creditMemo',
    salesSite: 'NZ011',
    billToCustomer: invoice.billToCustomer,
    originalInvoice: invoice._id,
    priceBasis: 'excludingTax',
    accountingDate: '2026-11-12',
    lines: oneLine(net),
  }));
  return createX3Documents(w, 'salesInvoice', inputs, 'post');
}

/** A validated supplier bill of one DIS010 line at `net` (excl. 15% GST). */
export async function validatedBill(w: DrainWorld, supplier: string, net: string): Promise<X3Record> {
  const lines = [{ product: 'DIS010', quantityInPurchaseUnitInvoiced: '1', netPrice: net, taxCode: 'NZS' }];
  const [bill] = await newBills(w, [{ billBySupplier: supplier, supplierDocumentNumber: `${supplier}-B`, lines }]);
  return bill;
}

/** A validated supplier credit note crediting `bill` (X3 PINVOICE of type credit memo). */
export async function supplierCreditNote(w: DrainWorld, bill: X3Record, lines: Json[]): Promise<X3Record> {
  const [note] = await createX3Documents(
    w,
    'purchaseInvoice',
    [
      {
        invoiceType: 'creditMemo',
        site: 'NZ011',
        billBySupplier: bill.billBySupplier,
        supplierDocumentNumber: `${String(bill.billBySupplier)}-CN`,
        originalInvoice: bill._id,
        accountingDate: '2026-11-12',
        lines,
      },
    ],
    'validate',
  );
  return note;
}

/** A Xero credit note (with its lines and allocations) by its CreditNoteNumber (our X3 key). */
export async function xeroCreditNote(w: DrainWorld, pair: Pair, number: string): Promise<Json> {
  const all = await xeroList(w, pair, 'CreditNotes?pageSize=1000', 'CreditNotes');
  const found = all.filter((c) => c.CreditNoteNumber === number);
  if (found.length !== 1) throw new Error(`${found.length} Xero credit notes numbered ${number}`);
  const [full] = await xeroList(w, pair, `CreditNotes/${String(found[0].CreditNoteID)}`, 'CreditNotes');
  return full;
}

/** A Xero invoice (or bill) by its id. */
export async function xeroInvoice(w: DrainWorld, pair: Pair, id: string): Promise<Json> {
  const [invoice] = await xeroList(w, pair, `Invoices/${id}`, 'Invoices');
  return invoice;
}

/** What Xero holds of a credit note's allocations: [invoice id, amount] each. */
export const allocationsOf = (note: Json): Array<[string, string]> =>
  ((note.Allocations as Json[] | undefined) ?? [])
    .filter((a) => a.IsDeleted !== true)
    .map((a) => [String((a.Invoice as Json).InvoiceID), cents(a.Amount)]);

/** Our allocation rows of the pair (RLS: the pair's tenant only). */
export function allocationRows(w: DrainWorld, pair: Pair): Promise<SyncCreditAllocation[]> {
  return w.h.tx.run(pair.tenantId, (m) => m.find(SyncCreditAllocation, { order: { creditNoteKey: 'ASC' } }));
}
