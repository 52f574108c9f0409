// Test world of the xero-to-x3 bills flow, on the payments flow's world (sandboxes over HTTP,
// PostgreSQL, Redis, the drain as the worker runs it): per pair the 'xero-bills' flow with the
// starter reverse bill mapping. Bills are entered in Xero as a bookkeeper would (the Xero API);
// their changes come as a webhook's do (source null: the drain fetches them by id).
import { X3Record } from '#lb/connectors/sage-x3';
import { StarterEntity } from '#lb/mapping';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { FlowDocument } from '../flows/flow-document';
import { drainUntilQuiet, DrainWorld, Pair } from '../drain/testing/drain-world';
import { LANES } from '../pending/lanes';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { XeroPaymentWorld } from './payment-xero-world';

type Json = Record<string, unknown>;

export const XERO_BILLS = 'xero-bills';

/** A xero-to-x3 flow as a tenant would save it: webhook, the active mapping, create-only. */
export function webhookCreateOnlyFlow(entity: FlowDocument['entity']): FlowDocument {
  return {
    entity,
    direction: 'xero-to-x3',
    trigger: { kind: 'webhook' },
    steps: [
      { kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } },
      { kind: 'action', action: 'create-only' },
    ],
    options: {},
    enabled: true,
  };
}

/** The flow as a tenant would save it: Xero ACCPAY bills to X3 supplier invoices. */
export const XERO_BILLS_FLOW: FlowDocument = webhookCreateOnlyFlow('bill');

/** A supplier in X3 and Xero, linked by the suppliers flow, with one X3 bill of it carried to Xero. */
export interface LinkedSupplier {
  code: string;
  contactId: string;
  /** The X3 bill our x3→xero bills flow wrote to Xero, and its Xero InvoiceID. */
  ownBill: X3Record;
  ownBillXeroId: string;
}

export class XeroBillWorld {
  readonly p: XeroPaymentWorld;
  constructor(readonly w: DrainWorld) {
    this.p = new XeroPaymentWorld(w);
  }

  async pair(entities: StarterEntity[] = ['supplier', 'product', 'bill']): Promise<Pair> {
    const pair = await this.p.pair(entities);
    await this.p.saveXeroToX3Flow(pair, XERO_BILLS, 'bill', XERO_BILLS_FLOW);
    return pair;
  }

  scope(pair: Pair) {
    return { integrationId: pair.integrationId, flowKey: XERO_BILLS };
  }

  async linkedSupplier(pair: Pair): Promise<LinkedSupplier> {
    const ownBill = await this.p.t.newBill();
    await this.p.t.inXero(pair, 'bills', [ownBill]);
    const code = typeof ownBill.billBySupplier === 'string' ? ownBill.billBySupplier : '';
    const ref = await this.ref(pair, 'supplier', { x3Key: code || String((ownBill.billBySupplier as Json)._id) });
    const inXero = await this.p.t.xeroDocument(pair, ownBill._id);
    return {
      code: ref!.x3Key,
      contactId: ref!.xeroId!,
      ownBill,
      ownBillXeroId: String(inXero.InvoiceID).toLowerCase(),
    };
  }

  /** A bill entered in Xero (AUTHORISED unless said); its InvoiceID, lower-cased. */
  async enterBill(pair: Pair, contact: Json, extra: Json = {}): Promise<string> {
    const res = await this.p.t.xeroWrite(pair, 'PUT', 'Invoices', {
      Invoices: [
        {
          Type: 'ACCPAY',
          Contact: contact,
          Date: new Date().toISOString().slice(0, 10),
          DueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
          LineAmountTypes: 'Exclusive',
          Status: 'AUTHORISED',
          LineItems: [
            { Description: 'Stationery', Quantity: 3, UnitAmount: 12.35, AccountCode: '429', TaxType: 'INPUT2' },
            { Description: 'Courier', Quantity: 1, UnitAmount: 7.5, AccountCode: '429', TaxType: 'NONE' },
          ],
          ...extra,
        },
      ],
    });
    if (res.status !== 200) throw new Error(`Xero bill: ${res.status} ${JSON.stringify(res.body)}`);
    return String(((res.body as Json).Invoices as Json[])[0].InvoiceID).toLowerCase();
  }

  async editBill(pair: Pair, id: string, changes: Json): Promise<void> {
    const res = await this.p.t.xeroWrite(pair, 'POST', `Invoices/${id}`, { Invoices: [changes] });
    if (res.status !== 200) throw new Error(`edit bill: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** The bills' changes as a webhook brings them (source null: the drain fetches them by id). */
  accept(pair: Pair, ids: string[]): Promise<void> {
    return this.p.acceptById(pair, XERO_BILLS, 'bill', ids, LANES.webhook);
  }

  drainQuiet(pair: Pair, flowKeys = [XERO_BILLS]) {
    return drainUntilQuiet({ ...this.w, drain: this.p.drain }, pair, flowKeys);
  }

  /** The bill's latest change (one read again after it was settled is a new row). */
  row(pair: Pair, id: string): Promise<SyncPendingChange | null> {
    return this.p.latestChange(pair, XERO_BILLS, id);
  }

  async state(pair: Pair, id: string) {
    const r = await this.row(pair, id);
    return [r?.state, r?.outcome?.action];
  }

  ref(
    pair: Pair,
    entity: SyncCrossReference['entity'],
    where: { x3Key?: string; xeroId?: string },
  ): Promise<SyncCrossReference | null> {
    return this.w.h.tx.run(pair.tenantId, (m) => m.findOne(SyncCrossReference, { where: { entity, ...where } }));
  }

  /** X3 supplier invoices of the supplier, with their lines. */
  async x3BillsOf(supplier: string): Promise<X3Record[]> {
    return this.p.withX3(async (x3) => {
      const out: X3Record[] = [];
      for await (const r of x3.list('purchaseInvoice', { filter: `{billBySupplier:{_id:'${supplier}'}}` })) {
        out.push(await x3.get('purchaseInvoice', r._id));
      }
      return out;
    });
  }
}
