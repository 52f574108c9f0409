import { randomUUID } from 'node:crypto';
import { Allocation, CreditNote, Invoice, PaymentDelete, PurchaseOrder } from 'xero-node';
import { XeroOrg } from '../xero-org';

type Row = Record<string, unknown>;

/**
 * Single-record state changes: invoice / credit note / purchase order status (DRAFT → AUTHORISED,
 * → VOIDED, → DELETED), credit-note allocation, payment deletion. Each carries an
 * Idempotency-Key the caller may pin (a retry passes the same key).
 */
export class XeroStatusChanges {
  /** `dayReserve`: calls of the day this caller must leave to higher-priority work (the sync drain's lanes). */
  async invoiceStatus(
    org: XeroOrg,
    invoiceID: string,
    status: Invoice.StatusEnum,
    key: string = randomUUID(),
    dayReserve = 0,
  ): Promise<Row> {
    const { body } = await org.call({ operation: 'status:invoices', isWrite: true, dayReserve }, (api, t) =>
      api.updateInvoice(t, invoiceID, { invoices: [{ invoiceID, status }] }, 4, key),
    );
    return (body.invoices ?? [])[0] as unknown as Row;
  }

  async creditNoteStatus(
    org: XeroOrg,
    creditNoteID: string,
    status: CreditNote.StatusEnum,
    key: string = randomUUID(),
    dayReserve = 0,
  ): Promise<Row> {
    const { body } = await org.call({ operation: 'status:creditNotes', isWrite: true, dayReserve }, (api, t) =>
      api.updateCreditNote(t, creditNoteID, { creditNotes: [{ creditNoteID, status }] }, 4, key),
    );
    return (body.creditNotes ?? [])[0] as unknown as Row;
  }

  async purchaseOrderStatus(
    org: XeroOrg,
    purchaseOrderID: string,
    status: PurchaseOrder.StatusEnum,
    key = randomUUID(),
  ): Promise<Row> {
    const { body } = await org.call({ operation: 'status:purchaseOrders', isWrite: true }, (api, t) =>
      api.updatePurchaseOrder(t, purchaseOrderID, { purchaseOrders: [{ purchaseOrderID, status }] }, key),
    );
    return (body.purchaseOrders ?? [])[0] as unknown as Row;
  }

  /** Allocates a credit note to an invoice; `amount` is a decimal string. */
  async allocateCreditNote(
    org: XeroOrg,
    creditNoteID: string,
    a: { invoiceID: string; amount: string; date: string },
    key = randomUUID(),
  ): Promise<Row> {
    const allocation: Allocation = { invoice: { invoiceID: a.invoiceID }, amount: wireAmount(a.amount), date: a.date };
    const { body } = await org.call({ operation: 'allocate:creditNotes', isWrite: true }, (api, t) =>
      api.createCreditNoteAllocation(t, creditNoteID, { allocations: [allocation] }, false, key),
    );
    return (body.allocations ?? [])[0] as unknown as Row;
  }

  /** Xero has no HTTP DELETE for payments: POST {Status: DELETED}. */
  async deletePayment(org: XeroOrg, paymentID: string, key = randomUUID()): Promise<Row> {
    const del: PaymentDelete = { status: 'DELETED' };
    const { body } = await org.call({ operation: 'delete:payments', isWrite: true }, (api, t) =>
      api.deletePayment(t, paymentID, del, key),
    );
    return (body.payments ?? [])[0] as unknown as Row;
  }
}

/**
 * Money stays a decimal string in our code; the SDK's models type amounts as numbers, so the
 * conversion happens here, at the wire, and refuses any value a double would not carry exactly.
 */
export function wireAmount(decimal: string): number {
  if (!/^-?\d{1,13}(\.\d{1,4})?$/.test(decimal)) throw new Error(`not a money amount: ${decimal}`);
  const n = Number(decimal);
  const back = n.toFixed(decimal.split('.')[1]?.length ?? 0);
  if (back !== decimal.replace(/^-0(\.0*)?$/, (z) => z.slice(1)))
    throw new Error(`amount ${decimal} would not survive the wire`);
  return n;
}
