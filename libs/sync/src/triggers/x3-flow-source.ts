// What an X3-reading flow reads: the X3 node of its entity, which records of that node belong to
// it (invoices and credit memos share a node), and how its records are scoped to the integration.
import type { X3EntityName, X3Record } from '#lb/connectors/sage-x3';
import { CanonicalEntity, purchaseInvoiceEntityOf, salesInvoiceEntityOf, X3_ADAPTERS } from '#lb/mapping';

/**
 * documents: the node has a company filter, the transport reads only the integration's company.
 * parties / products: shared by the folder's companies; only those in the flow's scope (master-scope.ts).
 * other: nodes read as they are (stock by site, reference data).
 */
export type X3ScopeKind = 'documents' | 'parties' | 'products' | 'other';

export interface X3FlowSource {
  entity: CanonicalEntity;
  node: X3EntityName;
  scope: X3ScopeKind;
  belongs(record: X3Record): boolean;
}

const DOCUMENT_NODES: ReadonlySet<string> = new Set([
  'salesOrder',
  'salesDelivery',
  'salesInvoice',
  'purchaseOrder',
  'purchaseReceipt',
  'purchaseInvoice',
  'payment',
  'journalEntry',
]);

export class UnpollableFlowError extends Error {}

export function x3FlowSource(entity: CanonicalEntity): X3FlowSource {
  const adapter = (X3_ADAPTERS as Partial<Record<CanonicalEntity, { x3Entity: string }>>)[entity];
  if (!adapter) throw new UnpollableFlowError(`No X3 adapter reads ${entity}`);
  const node = adapter.x3Entity as X3EntityName;
  const scope: X3ScopeKind = DOCUMENT_NODES.has(node)
    ? 'documents'
    : node === 'customer' || node === 'supplier'
      ? 'parties'
      : node === 'product'
        ? 'products'
        : 'other';
  // The adapters' own classifiers decide, so the poll never disagrees with the mapping.
  const belongs =
    node === 'salesInvoice'
      ? (r: X3Record) => salesInvoiceEntityOf(r) === entity
      : node === 'purchaseInvoice'
        ? (r: X3Record) => purchaseInvoiceEntityOf(r) === entity
        : () => true;
  return { entity, node, scope, belongs };
}

/**
 * Every X3 node a flow reads, its own first. Credit notes live in two: sales credit memos in
 * SINVOICE and supplier credit notes in PINVOICE (docs/connectors/sync-engine.md "Credit notes").
 * An orders flow drafting on shipment (`options.draftOn`) reads deliveries (SDELIVERY) instead of
 * orders: each validated delivery is a draft of its own (drain/order-drafts.ts).
 */
export function x3FlowSources(entity: CanonicalEntity, options?: { draftOn?: string }): X3FlowSource[] {
  if (entity === 'salesOrder' && options?.draftOn === 'shipment') {
    return [{ entity, node: 'salesDelivery', scope: 'documents', belongs: () => true }];
  }
  const own = x3FlowSource(entity);
  if (entity !== 'creditNote') return [own];
  const purchase: X3FlowSource = {
    entity,
    node: 'purchaseInvoice',
    scope: 'documents',
    belongs: (r) => purchaseInvoiceEntityOf(r) === 'creditNote',
  };
  return [own, purchase];
}
