// Helpers of the drain's payment proofs: X3 invoices, bills and payments made through the X3
// sandbox's business code (control routes and X3's own API), carried to Xero, and what the
// Xero organisation and our tables then hold.
import { randomUUID } from 'node:crypto';
import { X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { toDec } from '#lb/mapping';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { json } from '../../../../connectors/xero/test/sandbox-process';
import { SyncCrossReference } from '../../cross-references/cross-reference.entity';
import { SyncPendingChange } from '../../pending/pending-change.entity';
import { NewPendingChange } from '../../pending/pending-changes.service';
import { SyncPaymentPart } from '../../payments/payment-part.entity';
import { DrainWorld, drainUntilQuiet, Pair, x3Records, xeroList } from './drain-world';
import { acceptRecords, withX3 } from './x3-documents';

type Json = Record<string, unknown>;

export const money = (v: unknown) => toDec(String(v)).toFixed(2);
export const totalOf = (document: X3Record) => String(document.totalAmountIncludingTax);
const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string })._id));

export class PaymentWorld {
  constructor(readonly w: DrainWorld) {}

  flow(pair: Pair, flowKey = 'payments') {
    return { tenantId: pair.tenantId, integrationId: pair.integrationId, flowKey };
  }

  rows(pair: Pair, flowKey: string): Promise<SyncPendingChange[]> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPendingChange, { where: { flowKey }, order: { sourceKey: 'ASC' } }),
    );
  }

  /** New posted NZ10 invoices (one new customer), as X3 holds them. */
  async newInvoices(count: number): Promise<X3Record[]> {
    const made = await x3Control(this.w.sb.url, this.w.folder, 'POST', '/bulk/sales-invoices', {
      site: 'NZ011',
      customers: 1,
      invoices: count,
    });
    if (made.status !== 201) throw new Error(`bulk invoices: ${made.status} ${JSON.stringify(made.body)}`);
    const ids = new Set(made.body.invoices as string[]);
    return (await x3Records(this.w, 'salesInvoice')).filter((r) => ids.has(r._id));
  }

  /** A new NZD supplier and one validated bill of it (X3's own API), read back whole. */
  async newBill(): Promise<X3Record> {
    return this.withX3(async (x3) => {
      const code = `SP${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
      await x3.create('supplier', {
        code,
        companyName: `Payment supplier ${code}`,
        currency: 'NZD',
        taxRule: 'NZL',
        paymentTerm: 'CH30NETEOM',
        category: 'STD',
      });
      const created = await x3.create('purchaseInvoice', {
        site: 'NZ011',
        billBySupplier: code,
        supplierDocumentNumber: `${code}-1`,
        lines: [{ product: 'NZFOOD01', quantityInPurchaseUnitInvoiced: '3', netPrice: '12.3450' }],
      });
      await x3.runAction('purchaseInvoice', 'validate', created._id);
      return x3.get('purchaseInvoice', created._id);
    });
  }

  accept(pair: Pair, flowKey: string, entity: string, records: X3Record[]): Promise<void> {
    return acceptRecords(this.w, pair, flowKey, entity as NewPendingChange['entity'], records);
  }

  /** Documents carried to Xero first (with their party and items), as their flow does; all done. */
  async inXero(pair: Pair, flowKey: 'invoices' | 'bills', documents: X3Record[]): Promise<void> {
    const party = flowKey === 'invoices' ? 'customers' : 'suppliers';
    await this.accept(pair, flowKey, flowKey === 'invoices' ? 'invoice' : 'bill', documents);
    await drainUntilQuiet(this.w, pair, [flowKey, party, 'products']);
    const states = (await this.rows(pair, flowKey)).map((r) => [r.state, r.outcome?.messages]);
    if (states.some(([s]) => s !== 'done')) throw new Error(`${flowKey} not in Xero: ${JSON.stringify(states)}`);
  }

  /** An X3 payment (the sandbox's business code) over the given documents, read back as X3 holds it. */
  async payment(lines: Array<{ document: X3Record; amount: string }>, extra: Json = {}): Promise<X3Record> {
    const first = lines[0].document;
    const supplier = first.billBySupplier !== undefined;
    const made = await x3Control(this.w.sb.url, this.w.folder, 'POST', '/payments', {
      businessPartnerType: supplier ? 'supplier' : 'customer',
      businessPartner: codeOf(supplier ? first.billBySupplier : first.billToCustomer),
      site: 'NZ011',
      paymentMethod: 'TRF',
      lines: lines.map((l) => ({ document: l.document._id, amount: l.amount })),
      ...extra,
    });
    if (made.status >= 300) throw new Error(`payment: ${made.status} ${JSON.stringify(made.body)}`);
    const id = (made.body as { payment: string }).payment;
    const [payment] = (await x3Records(this.w, 'payment')).filter((p) => p._id === id);
    return payment;
  }

  /** An X3 receipt from a customer with lines on no document (an advance), read back as X3 holds it. */
  async advance(customer: string, amounts: string[], extra: Json = {}): Promise<X3Record> {
    const made = await x3Control(this.w.sb.url, this.w.folder, 'POST', '/payments', {
      businessPartnerType: 'customer',
      businessPartner: customer,
      site: 'NZ011',
      paymentMethod: 'TRF',
      lines: amounts.map((amount) => ({ amount })),
      ...extra,
    });
    if (made.status >= 300) throw new Error(`advance: ${made.status} ${JSON.stringify(made.body)}`);
    return this.x3Payment((made.body as { payment: string }).payment);
  }

  /** X3's Prepayment Posting: part of the payment's advance settles the invoice; the payment as X3 then holds it. */
  async postPrepayment(payment: X3Record, invoice: X3Record, amount: string): Promise<X3Record> {
    const path = `/payments/${encodeURIComponent(payment._id)}/prepayment-postings`;
    const made = await x3Control(this.w.sb.url, this.w.folder, 'POST', path, { document: invoice._id, amount });
    if (made.status >= 300) throw new Error(`prepayment posting: ${made.status} ${JSON.stringify(made.body)}`);
    return this.x3Payment(payment._id);
  }

  /** A posted NZ011 invoice of this customer (three NZFOOD01), read back. */
  async invoiceOf(customer: string, currency?: string): Promise<X3Record> {
    const inv = await x3Control(this.w.sb.url, this.w.folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: customer,
      ...(currency ? { currency } : {}),
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3' }],
      post: true,
    });
    if (inv.status >= 300) throw new Error(`invoice: ${inv.status} ${JSON.stringify(inv.body)}`);
    const id = (inv.body as { salesInvoice: string }).salesInvoice;
    return (await x3Records(this.w, 'salesInvoice')).filter((r) => r._id === id)[0];
  }

  async x3Payment(id: string): Promise<X3Record> {
    return (await x3Records(this.w, 'payment')).filter((p) => p._id === id)[0];
  }

  /** Xero's Overpayments or Prepayments of the contact. */
  async xeroCredits(pair: Pair, kind: 'Overpayments' | 'Prepayments', contactId: string): Promise<Json[]> {
    return (await xeroList(this.w, pair, `${kind}?page=1&pageSize=1000`, kind)).filter(
      (c) => (c.Contact as Json).ContactID === contactId,
    );
  }

  /** A Xero invoice or bill: by InvoiceNumber (ours on invoices) or Reference (ours on bills). */
  async xeroDocument(pair: Pair, key: string): Promise<Json> {
    const all = await xeroList(this.w, pair, 'Invoices?pageSize=1000', 'Invoices');
    return all.filter((i) => i.InvoiceNumber === key || (i.Type === 'ACCPAY' && i.Reference === key))[0];
  }

  /** Xero Payments of our X3 payments (their Reference is the X3 payment key), not deleted. */
  async xeroPayments(pair: Pair, keys: string[]): Promise<Json[]> {
    return (await xeroList(this.w, pair, 'Payments?pageSize=1000', 'Payments')).filter(
      (p) => keys.includes(String(p.Reference)) && p.Status !== 'DELETED',
    );
  }

  /** A write to the organisation as someone working in Xero would make it. */
  async xeroWrite(pair: Pair, method: string, path: string, body: Json) {
    const org = await this.w.xero.orgs.forConnection(pair.tenantId, pair.connectionId);
    const token = await this.w.xero.tokens.accessToken(pair.tenantId, org.connection.grantId);
    return json(`${this.w.sb.url}/api.xro/2.0/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'xero-tenant-id': org.xeroTenantId,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  }

  parts(pair: Pair): Promise<SyncPaymentPart[]> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncPaymentPart, { order: { paymentKey: 'ASC', partKey: 'ASC' } }),
    );
  }

  paymentRefs(pair: Pair): Promise<SyncCrossReference[]> {
    return this.w.h.tx.run(pair.tenantId, (m) =>
      m.find(SyncCrossReference, { where: { entity: 'payment' }, order: { x3Key: 'ASC' } }),
    );
  }

  private withX3<T>(work: (x3: X3Transport) => Promise<T>): Promise<T> {
    return withX3(this.w, work);
  }
}
