// The orders flow (entity salesOrder, x3-to-xero): a DRAFT ACCREC invoice raised in Xero from an X3
// sales order, on its entry (one draft per order, key SOHNUM, cross-referenced as `salesOrder`) or
// on its shipment (option `draftOn: 'shipment'`: one draft per validated delivery, for the shipped
// quantities, key SDHNUM, cross-referenced as `shipment`). The posted X3 invoice is later matched to
// the draft by the invoices flow (draft-matches.ts), which marks the draft's cross-reference
// `merged`: from then on the order (or delivery) writes nothing more to that Xero invoice.
import Decimal from 'decimal.js';
import { X3Error, X3Record } from '#lb/connectors/sage-x3';
import type { CanonicalEntity } from '#lb/mapping';
import type { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { FlowOptions } from '../flows/flow-document';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

export type DraftOn = NonNullable<FlowOptions['draftOn']>;

interface FlowLike {
  entity: CanonicalEntity;
  options?: FlowOptions;
}

/** When an orders flow raises its drafts: on entry (the default) or on shipment. */
export function draftOnOf(flow: FlowLike): DraftOn {
  return flow.entity === 'salesOrder' && flow.options?.draftOn === 'shipment' ? 'shipment' : 'entry';
}

/** The flow drafts deliveries (its changes are X3 deliveries, SDHNUM). */
export const draftsDeliveries = (flow: FlowLike) => draftOnOf(flow) === 'shipment';

/** The cross-reference entity of what the flow writes: a delivery's draft is a `shipment`'s. */
export function crossReferenceEntityOf(flow: FlowLike): CanonicalEntity {
  return draftsDeliveries(flow) ? 'shipment' : flow.entity;
}

/** The X3 node a change of the flow is read from by key (a replay, a pull). */
export function sourceNodeOf(flow: FlowLike, node: string): string {
  return draftsDeliveries(flow) ? 'salesDelivery' : node;
}

const linesOf = (r: Row): Row[] => {
  const v = r.lines;
  if (Array.isArray(v)) return v as Row[];
  const edges = (v as { query?: { edges?: Array<{ node: Row }> } } | undefined)?.query?.edges;
  return edges ? edges.map((e) => e.node) : [];
};

/** X3 sends decimals as text (or, from the sandbox's JSON, numbers). */
const decimalText = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

const keyOf = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  const id = (v as { _id?: unknown } | null | undefined)?._id;
  return typeof id === 'string' && id ? id : undefined;
};

/**
 * A validated X3 delivery as the order it ships: the order's header (customer, currency, price
 * basis, terms) under the delivery's number and date, and only the delivered lines, each the order
 * line at the delivered quantity and the delivery's own line amount (X3 prices a delivery line from
 * its order line). Totals are the delivery's. The flow's salesOrder mapping then makes it a draft.
 */
export function deliveryAsOrder(delivery: Row, order: Row): Row {
  const orderLines = linesOf(order);
  const inclusive = order.priceBasis === 'includingTax';
  const lines = linesOf(delivery).map((dl) => {
    const source = orderLines.find((ol) => Number(ol.lineNumber) === Number(dl.salesOrderLine)) ?? {};
    // the order line's amounts are for the quantity ordered: only the delivery's own are kept
    const { lineAmountIncludingTax: _incl, ...line } = source;
    const netPrice = decimalText(dl.netPrice ?? source.netPrice);
    const quantity = decimalText(dl.quantityInSalesUnitDelivered);
    return {
      ...line,
      product: source.product ?? dl.product,
      lineNumber: dl.lineNumber,
      quantityInSalesUnitOrdered: dl.quantityInSalesUnitDelivered,
      netPrice,
      taxCode: dl.taxCode ?? source.taxCode,
      lineAmountExcludingTax: dl.lineAmountExcludingTax,
      // a tax-inclusive line's amount is its price times the quantity, as X3 prices it
      ...(inclusive && netPrice !== undefined && quantity !== undefined
        ? {
            lineAmountIncludingTax: new Decimal(netPrice)
              .mul(quantity)
              .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
              .toFixed(),
          }
        : {}),
    };
  });
  const { totalTaxAmount: _tax, taxes: _taxes, ...header } = order;
  return {
    ...header,
    _id: delivery._id,
    id: delivery.id ?? delivery._id,
    orderDate: delivery.shipmentDate ?? delivery.deliveryDate ?? order.orderDate,
    totalAmountExcludingTax: delivery.totalAmountExcludingTax,
    totalAmountIncludingTax: delivery.totalAmountIncludingTax,
    _updateStamp: delivery._updateStamp ?? order._updateStamp,
    lines,
  };
}

/** What the drain maps for one change of a flow drafting deliveries: the delivery as its order, or a settlement. */
export async function deliverySource(
  delivery: Row,
  readX3: (node: string, key: string) => Promise<X3Record>,
): Promise<{ source: Row } | { settlement: Settlement }> {
  if (delivery.isValidated !== true) {
    return {
      settlement: {
        kind: 'done',
        outcome: { action: 'skipped', messages: ['delivery not validated yet: drafted once it ships'] },
      },
    };
  }
  const orderKey = keyOf(delivery.salesOrder);
  if (!orderKey) {
    return {
      settlement: { kind: 'dead', error: 'a delivery without its order', outcome: { messages: ['no SOHNUM'] } },
    };
  }
  try {
    return { source: deliveryAsOrder(delivery, await readX3('salesOrder', orderKey)) };
  } catch (e) {
    if (e instanceof X3Error && e.kind === 'not-found') {
      return {
        settlement: { kind: 'done', outcome: { action: 'skipped', messages: [`order ${orderKey} not in X3`] } },
      };
    }
    throw e;
  }
}

/** A draft the posted X3 invoice took over (draft-matches.ts): the order writes nothing more to it. */
export function mergedSettlement(
  reference: SyncCrossReference | undefined,
): Extract<Settlement, { kind: 'done' }> | undefined {
  if (reference?.state !== 'merged') return undefined;
  return {
    kind: 'done',
    outcome: {
      action: 'unchanged',
      targetId: reference.xeroId ?? undefined,
      messages: [`invoiced in X3 as ${reference.xeroNaturalKey ?? '?'}: its Xero draft became that invoice`],
    },
  };
}
