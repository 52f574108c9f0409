// The invoices flow meets the orders flow (order-drafts.ts): a posted X3 invoice whose lines name
// orders or deliveries that have a Xero draft is written OVER the first of those drafts (same
// InvoiceID: InvoiceNumber = X3 NUM, the invoice mapping's lines, tax and status) and the other
// drafts it groups are DELETED in the same persisted batch — never a second Xero invoice for the
// sale. The drafts are read from Xero first: one someone approved (or paid) there is not
// overwritten, the invoice is held for an accountant; one already taken over by this very invoice
// (a lost answer) is its target again. An order X3 has invoiced only in part keeps its draft: the
// invoice is created beside it and, in the same batch, the draft updated to what X3 has not
// invoiced (remainder-writes.ts). Without an orders flow no invoice names a draft, and this step
// costs nothing (no call, one query).
import { X3Error, X3Record } from '#lb/connectors/sage-x3';
import { XeroOrg } from '#lb/connectors/xero';
import type { Invoice } from '#lb/mapping';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { BatchSendDeps } from './batch-send';
import type { DrainContext } from './drain-context';
import { isPartlyInvoiced } from './order-remainders';
import type { PlanRemainder, RemainderWrite } from './remainder-writes';
import { PlannedWrite, settleAll } from './resolve-writes';

type Row = Record<string, unknown>;

/**
 * One draft an invoice names: the one written over ('update'), deleted ('delete'), already gone,
 * or kept for its order's uninvoiced remainder ('partial': updated to it in the same batch when
 * `remainder` is planned, else redrafted by the orders flow).
 */
export interface DraftMerge {
  /** The draft's cross-reference: an order's (entry) or a delivery's (shipment). */
  entity: 'salesOrder' | 'shipment';
  x3Key: string;
  xeroId: string;
  role: 'update' | 'delete' | 'gone' | 'partial';
  /** The draft's Reference in Xero: a delete element carries it, so an unclear outcome finds it by key. */
  reference?: string;
  /** A delete's or a remainder's element in the batch (batch-flight.ts). */
  index?: number;
  /** The remainder an order's draft is updated to (its payload only until the batch is prepared). */
  remainder?: RemainderWrite;
}

/** Xero statuses a draft is still a draft in (Xero deletes those). */
const DRAFT_STATUSES = new Set(['DRAFT', 'SUBMITTED']);
/** Xero reads at most this many ids per call. */
const IDS_PER_CALL = 50;

interface Draft {
  entity: DraftMerge['entity'];
  ref: SyncCrossReference;
}

const textOf = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

const usable = (ref: SyncCrossReference | undefined): ref is SyncCrossReference =>
  !!ref?.xeroId && (ref.state === 'written' || ref.state === 'matched');

/** The batch element that deletes a draft (its type and Reference let a lost answer be looked up). */
export function deleteElement(merge: DraftMerge): Row {
  return {
    invoiceID: merge.xeroId,
    type: 'ACCREC',
    ...(merge.reference ? { reference: merge.reference } : {}),
    status: 'DELETED',
  };
}

/** A draft's own batch element: its delete, or its update to the order's remainder; none else. */
export function mergeElement(merge: DraftMerge): Row | undefined {
  if (merge.role === 'delete') return deleteElement(merge);
  const payload = merge.role === 'partial' ? merge.remainder?.payload : undefined;
  return payload ? { ...payload, invoiceID: merge.xeroId } : undefined;
}

async function readInvoices(org: XeroOrg, ids: string[], dayReserve: number): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  for (let at = 0; at < ids.length; at += IDS_PER_CALL) {
    const chunk = ids.slice(at, at + IDS_PER_CALL);
    const { body } = await org.call({ operation: 'lookup:invoices', isWrite: false, dayReserve }, (api, t) =>
      api.getInvoices(
        t,
        undefined,
        undefined,
        undefined,
        chunk,
        undefined,
        undefined,
        undefined,
        1,
        true,
        undefined,
        4,
      ),
    );
    for (const row of ((body as Row).invoices as Row[] | undefined) ?? []) {
      if (typeof row.invoiceID === 'string') found.set(row.invoiceID, row);
    }
  }
  return found;
}

/** How the invoices flow reads the orders its invoices name, and plans their remainders. */
export interface OrderReads {
  readX3: (node: string, key: string) => Promise<X3Record>;
  planRemainder?: PlanRemainder;
}

/** The named orders X3 has invoiced only in part (one read per order; one gone from X3 is not). */
async function partlyInvoiced(keys: string[], readX3: OrderReads['readX3']): Promise<Map<string, X3Record>> {
  const partly = new Map<string, X3Record>();
  for (const key of new Set(keys)) {
    try {
      const order = await readX3('salesOrder', key);
      if (isPartlyInvoiced(order)) partly.set(key, order);
    } catch (e) {
      if (!(e instanceof X3Error && e.kind === 'not-found')) throw e;
    }
  }
  return partly;
}

export async function matchOrderDrafts(
  d: BatchSendDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  writes: PlannedWrite[],
  dayReserve: number,
  orders: OrderReads,
): Promise<PlannedWrite[]> {
  if (context.entity !== 'invoice') return writes;
  const keysOf = (w: PlannedWrite) => {
    const inv = w.record as Invoice;
    return { orders: inv.orderKeys ?? [], shipments: inv.shipmentKeys ?? [] };
  };
  // only an invoice not in Xero yet takes a draft over; one linked already is updated as it is
  const candidates = writes.filter((w) => {
    const k = keysOf(w);
    return w.decided.decision === 'create' && k.orders.length + k.shipments.length > 0;
  });
  if (!candidates.length) return writes;
  const integrationId = context.integration.id;
  const tenantId = context.integration.tenantId;
  const refs = await d.tx.run(tenantId, async (m) => ({
    shipment: await d.crossRefs.byX3Keys(
      m,
      { integrationId, entity: 'shipment' },
      candidates.flatMap((w) => keysOf(w).shipments),
    ),
    salesOrder: await d.crossRefs.byX3Keys(
      m,
      { integrationId, entity: 'salesOrder' },
      candidates.flatMap((w) => keysOf(w).orders),
    ),
  }));
  // a delivery's draft first (it is what this invoice bills), then the orders'
  const draftsOf = new Map<PlannedWrite, Draft[]>();
  for (const w of candidates) {
    const k = keysOf(w);
    const drafts: Draft[] = [
      ...k.shipments.map((key) => ({ entity: 'shipment' as const, ref: refs.shipment.get(key) })),
      ...k.orders.map((key) => ({ entity: 'salesOrder' as const, ref: refs.salesOrder.get(key) })),
    ].filter((x): x is Draft => usable(x.ref));
    if (drafts.length) draftsOf.set(w, drafts);
  }
  if (!draftsOf.size) return writes;
  const ids = [...new Set([...draftsOf.values()].flat().map((x) => x.ref.xeroId!))];
  const current = await readInvoices(org, ids, dayReserve);
  const orderKeys = [...draftsOf.values()].flat().filter((x) => x.entity === 'salesOrder');
  const partly = await partlyInvoiced(
    orderKeys.map((x) => x.ref.x3Key),
    orders.readX3,
  );
  const isPartial = (x: Draft) => x.entity === 'salesOrder' && partly.has(x.ref.x3Key);

  const held: Array<{ change: PlannedWrite['change']; settlement: Settlement }> = [];
  const mappingVersion = context.mapping.version;
  const heldIds = new Set<string>();
  // a draft goes to one invoice of the claim only (an order billed in two invoices at once)
  const taken = new Set<string>();
  for (const [w, drafts] of draftsOf) {
    const key = (w.record as Invoice).key;
    const now = drafts.filter((x) => !taken.has(x.ref.xeroId!)).map((x) => ({ ...x, row: current.get(x.ref.xeroId!) }));
    const statusOf = (x: (typeof now)[number]) => textOf(x.row?.status) ?? 'DELETED';
    const live = now.filter((x) => statusOf(x) !== 'DELETED');
    // taken over by this very invoice already (an answer lost after Xero made the change)
    const ours = live.find((x) => x.row?.invoiceNumber === key && x.row?.type === 'ACCREC');
    const approved = live.filter((x) => x !== ours && !DRAFT_STATUSES.has(statusOf(x)));
    if (approved.length) {
      heldIds.add(w.change.id);
      held.push({
        change: w.change,
        settlement: {
          kind: 'held',
          outcome: {
            messages: approved.map(
              (x) =>
                `the Xero draft of ${x.entity === 'shipment' ? 'delivery' : 'order'} ${x.ref.x3Key} is now ${textOf(x.row?.invoiceNumber) ?? ''} ${statusOf(x)}`,
            ),
            proposal: `It was approved in Xero before X3 posted invoice ${key}: nothing is written, so the sale is not in Xero twice. If that Xero invoice is this sale, dismiss this change; otherwise void it in Xero and replay this change`,
          },
          mappingVersion,
        },
      });
      continue;
    }
    const mergeOf = (x: (typeof now)[number], role: DraftMerge['role']): DraftMerge => ({
      entity: x.entity,
      x3Key: x.ref.x3Key,
      xeroId: x.ref.xeroId!,
      role,
      reference: textOf(x.row?.reference) ?? x.ref.x3Key,
    });
    // an order invoiced in part keeps its draft, updated to the remainder; the invoice is created beside it
    const kept: DraftMerge[] = [];
    for (const x of live.filter((y) => y !== ours && isPartial(y))) {
      const plan = await orders.planRemainder?.(partly.get(x.ref.x3Key)!, x.ref);
      kept.push({ ...mergeOf(x, 'partial'), ...(typeof plan === 'object' ? { remainder: plan } : {}) });
    }
    const whole = live.filter((x) => !kept.some((k) => k.xeroId === x.ref.xeroId));
    // every draft deleted in Xero meanwhile: the invoice is created as any other
    if (!whole.length) {
      if (kept.length) w.merges = kept;
      continue;
    }
    const target = ours ?? whole[0];
    for (const x of now.filter((y) => !isPartial(y))) taken.add(x.ref.xeroId!);
    w.merges = [
      mergeOf(target, 'update'),
      ...whole.filter((x) => x !== target).map((x) => mergeOf(x, 'delete')),
      ...now.filter((x) => statusOf(x) === 'DELETED').map((x) => mergeOf(x, 'gone')),
      ...kept,
    ];
    const reference = Object.assign(new SyncCrossReference(), { xeroId: target.ref.xeroId, state: 'written' });
    w.decided = { ...w.decided, decision: 'update', reference };
  }
  if (held.length) await d.tx.run(tenantId, (m) => settleAll(m, d.pending, claimId, held));
  return writes.filter((w) => !heldIds.has(w.change.id));
}
