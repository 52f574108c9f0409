// Test world of the xero-to-x3 supplier credit notes flow, on the bills flow's world (sandboxes
// over HTTP, PostgreSQL, Redis, the drain as the worker runs it): per pair the 'xero-credit-notes'
// flow with the starter reverse creditNote mapping, beside the x3→xero flows (credit-notes among
// them). Credit notes are entered in Xero as a bookkeeper would (the Xero API); their changes come
// as a webhook's do (source null: the drain fetches them by id).
import { X3Record } from '#lb/connectors/sage-x3';
import { StarterEntity } from '#lb/mapping';
import type { FlowDocument } from '../flows/flow-document';
import { Pair, xeroList } from '../drain/testing/drain-world';
import { LANES } from '../pending/lanes';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { webhookCreateOnlyFlow, XeroBillWorld } from './bill-xero-world';

type Json = Record<string, unknown>;

export const XERO_CREDIT_NOTES = 'xero-credit-notes';

/** The flow as a tenant would save it: Xero ACCPAYCREDIT credit notes to X3 supplier credit memos. */
export const XERO_CREDIT_NOTES_FLOW: FlowDocument = webhookCreateOnlyFlow('creditNote');

export class XeroCreditNoteWorld {
  readonly b: XeroBillWorld;
  constructor(bills: XeroBillWorld) {
    this.b = bills;
  }

  get p() {
    return this.b.p;
  }

  async pair(entities: StarterEntity[] = ['supplier', 'product', 'bill', 'creditNote']): Promise<Pair> {
    const pair = await this.b.pair(entities);
    await this.p.saveXeroToX3Flow(pair, XERO_CREDIT_NOTES, 'creditNote', XERO_CREDIT_NOTES_FLOW);
    return pair;
  }

  scope(pair: Pair) {
    return { integrationId: pair.integrationId, flowKey: XERO_CREDIT_NOTES };
  }

  /** A supplier credit note entered in Xero (AUTHORISED unless said): 10.00 at 15 % + 2.00 without tax = 13.50. */
  async enterCreditNote(pair: Pair, contact: Json, extra: Json = {}): Promise<string> {
    const res = await this.p.t.xeroWrite(pair, 'PUT', 'CreditNotes', {
      CreditNotes: [
        {
          Type: 'ACCPAYCREDIT',
          Contact: contact,
          Date: new Date().toISOString().slice(0, 10),
          LineAmountTypes: 'Exclusive',
          Status: 'AUTHORISED',
          LineItems: [
            { Description: 'Returned paper', Quantity: 2, UnitAmount: 5, AccountCode: '429', TaxType: 'INPUT2' },
            { Description: 'Courier refund', Quantity: 1, UnitAmount: 2, AccountCode: '429', TaxType: 'NONE' },
          ],
          ...extra,
        },
      ],
    });
    if (res.status !== 200) throw new Error(`Xero credit note: ${res.status} ${JSON.stringify(res.body)}`);
    return String(((res.body as Json).CreditNotes as Json[])[0].CreditNoteID).toLowerCase();
  }

  async editCreditNote(pair: Pair, id: string, changes: Json): Promise<void> {
    const res = await this.p.t.xeroWrite(pair, 'POST', `CreditNotes/${id}`, { CreditNotes: [changes] });
    if (res.status !== 200) throw new Error(`edit credit note: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Allocates `amount` of the credit note to a bill in Xero, as a bookkeeper would. */
  async allocate(pair: Pair, id: string, billId: string, amount: number): Promise<void> {
    const res = await this.p.t.xeroWrite(pair, 'PUT', `CreditNotes/${id}/Allocations`, {
      Allocations: [{ Invoice: { InvoiceID: billId }, Amount: amount, Date: new Date().toISOString().slice(0, 10) }],
    });
    if (res.status !== 200) throw new Error(`allocate: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async xeroCreditNote(pair: Pair, id: string): Promise<Json> {
    return (await xeroList(this.b.w, pair, `CreditNotes/${id}`, 'CreditNotes'))[0];
  }

  /** The credit notes' changes as a webhook brings them (source null: the drain fetches them by id). */
  accept(pair: Pair, ids: string[]): Promise<void> {
    return this.p.acceptById(pair, XERO_CREDIT_NOTES, 'creditNote', ids, LANES.webhook);
  }

  drainQuiet(pair: Pair, flowKeys = [XERO_CREDIT_NOTES]) {
    return this.b.drainQuiet(pair, flowKeys);
  }

  row(pair: Pair, id: string): Promise<SyncPendingChange | null> {
    return this.p.latestChange(pair, XERO_CREDIT_NOTES, id);
  }

  async state(pair: Pair, id: string) {
    const r = await this.row(pair, id);
    return [r?.state, r?.outcome?.action];
  }

  /** The supplier's X3 credit memos (PINVOICE of a credit type), with their lines. */
  async x3CreditMemosOf(supplier: string): Promise<X3Record[]> {
    return (await this.b.x3BillsOf(supplier)).filter((r) =>
      ['creditMemo', 'creditNote'].includes(String(r.invoiceType)),
    );
  }

  /** The supplier's X3 credit memos of one supplier document number. */
  async memosNumbered(supplier: string, number: string): Promise<X3Record[]> {
    return (await this.x3CreditMemosOf(supplier)).filter((r) => r.supplierDocumentNumber === number);
  }
}
