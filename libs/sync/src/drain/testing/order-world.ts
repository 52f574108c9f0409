// The orders flow's proof world (sync-drain-orders.int-spec.ts): a pair with the invoices,
// customers and products flows of the starter set plus an `orders` flow (entity salesOrder) with the
// region's starter order mapping (DRAFT ACCREC invoices, no status map); X3 orders,
// deliveries and invoices made through the X3 sandbox's control API and read back as the poll
// reads them; Xero's ACCREC invoices read and changed through the pair's own connection.
import { X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import { MappingDocument, MappingHead, MappingVersion, starterTemplate } from '#lb/mapping';
import { control as x3Control } from '../../../../../apps/sandbox/src/x3/testing/x3-test-sandbox';
import { json } from '../../../../connectors/xero/test/sandbox-process';
import { FlowVersions } from '../../flows/flow-versions.service';
import { NewPendingChange } from '../../pending/pending-changes.service';
import { DrainWorld, flowDocument, Pair, pairWithFlows, xeroList } from './drain-world';
import { acceptRecords, withX3 } from './x3-documents';

type Json = Record<string, unknown>;

export const ORDER_FLOWS = ['orders', 'invoices', 'customers', 'products'];

/** The NZ starter order mapping: accounts and tax types by the invoice's lookups, no status map. */
export function orderMapping(): MappingDocument {
  return starterTemplate('NZ', 'salesOrder');
}

/** A fresh organisation with the invoice flows and an `orders` flow drafting on entry or on shipment. */
export async function pairWithOrders(w: DrainWorld, draftOn?: 'entry' | 'shipment'): Promise<Pair> {
  const pair = await pairWithFlows(w, ['customer', 'product', 'invoice']);
  await w.h.tx.run(pair.tenantId, async (m) => {
    const version = await m.save(
      m.create(MappingVersion, {
        tenantId: pair.tenantId,
        integrationId: pair.integrationId,
        entity: 'salesOrder',
        direction: 'x3-to-xero',
        version: 1,
        document: orderMapping() as unknown as Record<string, unknown>,
        authorUserId: null,
      }),
    );
    await m.insert(MappingHead, {
      tenantId: pair.tenantId,
      integrationId: pair.integrationId,
      entity: 'salesOrder',
      direction: 'x3-to-xero',
      activeVersionId: version.id,
      activeVersion: 1,
    });
  });
  const document = {
    ...flowDocument('invoice'),
    entity: 'salesOrder',
    trigger: { kind: 'x3-poll', everySeconds: 60 },
    options: draftOn ? { draftOn } : {},
  };
  await new FlowVersions(w.h.tx).save(pair.tenantId, pair.integrationId, 'orders', document, { authorUserId: null });
  return pair;
}

/** One X3 record of the NZ10 company as the poll reads it. */
export function x3Get(w: DrainWorld, node: X3EntityName, id: string): Promise<X3Record> {
  return withX3(w, (x3) => x3.get(node, id));
}

/** Changes an X3 order's header through X3's own API (as a user saving it) and reads it back. */
export function updateX3Order(w: DrainWorld, id: string, data: Json): Promise<X3Record> {
  return withX3(w, async (x3) => {
    await x3.update('salesOrder', id, data);
    return x3.get('salesOrder', id);
  });
}

async function x3Ok(w: DrainWorld, path: string, body: Json): Promise<Json> {
  const r = await x3Control(w.sb.url, w.folder, 'POST', path, body);
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Json;
}

/** An NZ10 order of customer NZ001 (prices excluding tax, NZ GST), read back. */
export async function newOrder(w: DrainWorld, lines: Array<[product: string, quantity: string, price: string]>) {
  const made = await x3Ok(w, '/sales-orders', {
    salesSite: 'NZ011',
    soldToCustomer: 'NZ001',
    priceBasis: 'excludingTax',
    orderDate: '2026-11-20',
    lines: lines.map(([product, quantity, grossPrice]) => ({
      product,
      quantityInSalesUnitOrdered: quantity,
      grossPrice,
    })),
  });
  return x3Get(w, 'salesOrder', String(made.salesOrder));
}

/** A validated delivery of these order lines (line number → quantity), read back. */
export async function ship(w: DrainWorld, order: string, lines: Array<[line: number, quantity: string]>) {
  const made = await x3Ok(w, `/sales-orders/${order}/ship`, {
    lines: lines.map(([salesOrderLine, quantity]) => ({ salesOrderLine, quantityInSalesUnitDelivered: quantity })),
  });
  return x3Get(w, 'salesDelivery', String(made.delivery));
}

/** The posted X3 invoice of one delivery, read back. */
export async function invoiceDelivery(w: DrainWorld, delivery: string) {
  const made = await x3Ok(w, '/sales-invoices', { salesDelivery: delivery, accountingDate: '2026-11-25', post: true });
  return x3Get(w, 'salesInvoice', String(made.salesInvoice));
}

/** One posted X3 invoice billing every line of these orders (lines naming their order), read back. */
export async function invoiceOrders(w: DrainWorld, orders: X3Record[]) {
  const lines = orders.flatMap((o) =>
    ((o.lines as Json[] | undefined) ?? []).map((l) => ({
      product: typeof l.product === 'object' ? (l.product as Json)._id : l.product,
      quantityInSalesUnitInvoiced: l.quantityInSalesUnitOrdered,
      grossPrice: l.grossPrice,
      taxCode: typeof l.taxCode === 'object' ? (l.taxCode as Json)._id : l.taxCode,
      salesOrder: o._id,
      salesOrderLine: l.lineNumber,
    })),
  );
  const made = await x3Ok(w, '/sales-invoices', {
    salesSite: 'NZ011',
    billToCustomer: 'NZ001',
    accountingDate: '2026-11-25',
    salesOrder: orders.length === 1 ? orders[0]._id : undefined,
    post: true,
    lines,
  });
  return x3Get(w, 'salesInvoice', String(made.salesInvoice));
}

/** The records as pending changes of a flow, as the poller would accept them. */
export function accept(w: DrainWorld, pair: Pair, flowKey: string, entity: string, records: X3Record[]) {
  return acceptRecords(w, pair, flowKey, entity as NewPendingChange['entity'], records);
}

/** Every ACCREC invoice of the organisation (deleted ones included), with its lines. */
export async function salesInvoicesInXero(w: DrainWorld, pair: Pair): Promise<Json[]> {
  const all = await xeroList(w, pair, 'Invoices?where=Type%3D%3D%22ACCREC%22&pageSize=1000', 'Invoices');
  const whole: Json[] = [];
  for (const i of all) whole.push(...(await xeroList(w, pair, `Invoices/${String(i.InvoiceID)}`, 'Invoices')));
  return whole;
}

/** The ACCREC invoices carrying one of our X3 keys as InvoiceNumber or Reference, deleted ones apart. */
export async function byOurKeys(w: DrainWorld, pair: Pair, keys: string[]) {
  const all = await salesInvoicesInXero(w, pair);
  const ours = all.filter((i) => keys.includes(String(i.InvoiceNumber)) || keys.includes(String(i.Reference)));
  return {
    live: ours.filter((i) => i.Status !== 'DELETED'),
    deleted: ours.filter((i) => i.Status === 'DELETED'),
  };
}

/** A change made in Xero by someone (another app, a user): POST through the pair's connection. */
export async function xeroPost(w: DrainWorld, pair: Pair, path: string, body: Json): Promise<Json> {
  const org = await w.xero.orgs.forConnection(pair.tenantId, pair.connectionId);
  const token = await w.xero.tokens.accessToken(pair.tenantId, org.connection.grantId);
  const r = await json(`${w.sb.url}/api.xro/2.0/${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'xero-tenant-id': org.xeroTenantId,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Json;
}
