// Business partners and products are shared by every company of an X3 folder. A flow takes only
// those its company's documents use, those its filter selects (category, currency, site), and those it
// delivered before (their later edits follow them) — never the whole folder into the organisation.
import type { X3EntityName, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import type { FlowDocument } from '../flows';
import type { X3FlowSource } from './x3-flow-source';

/** Quotes a value for X3's filter literal (single-quoted, backslash escapes), as the connector does. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The flow's own selection of shared records: flow document `options.x3Scope` (all optional). */
export interface X3MasterFilter {
  categories?: string[];
  currencies?: string[];
  /** X3 site codes (FCY): products with a product-site there, customers shipped from there. */
  sites?: string[];
}

/** Reads `options.x3Scope` from a flow document, ignoring anything malformed. */
export function masterFilterOf(document: FlowDocument): X3MasterFilter {
  const raw = (document.options as { x3Scope?: unknown }).x3Scope;
  if (!raw || typeof raw !== 'object') return {};
  const list = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : undefined;
  const r = raw as Record<string, unknown>;
  return { categories: list(r.categories), currencies: list(r.currencies), sites: list(r.sites) };
}

function matchesFilter(source: X3FlowSource, filter: X3MasterFilter, record: X3Record): boolean {
  const category = source.scope === 'products' ? record.productCategory : record.category;
  if (filter.categories?.length && typeof category === 'string' && filter.categories.includes(category)) return true;
  if (source.node === 'customer' && filter.sites?.length && shipsFrom(record, filter.sites)) return true;
  if (source.scope === 'parties' && filter.currencies?.length) {
    return typeof record.currency === 'string' && filter.currencies.includes(record.currency);
  }
  return false;
}

/** A customer's ship-to addresses (BPDLVCUST) name the site it is delivered from (STOFCY). */
function shipsFrom(record: X3Record, sites: string[]): boolean {
  // the transport returns a node's first collection (a customer's addresses) as `lines`
  const addresses = (record.lines as Array<Record<string, unknown>> | undefined) ?? [];
  return addresses.some((a) => typeof a.shippingSite === 'string' && sites.includes(a.shippingSite));
}

/**
 * Which of `keys` (products) have a product-site at one of `sites`: X3 keeps a product-site totals
 * record (ITMMVT, node `stock`, ITMREF~STOFCY) for every product-site, whatever its quantity.
 */
async function atSites(transport: X3Transport, keys: string[], sites: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (!keys.length || !sites.length) return found;
  const list = (values: string[]) => `[${values.map(quote).join(',')}]`;
  const filter = `{product:{_in:${list(keys)}},site:{_in:${list(sites)}}}`;
  for await (const row of transport.list('stock', { filter, pageSize: 1000 })) {
    if (typeof row.product === 'string') found.add(row.product);
  }
  return found;
}

/** Document nodes (of the integration's company) and the field that names the partner or product. */
const REFERENCES: Record<
  'customer' | 'supplier' | 'product',
  Array<{ node: X3EntityName; field: string; line?: true }>
> = {
  customer: [
    { node: 'salesInvoice', field: 'billToCustomer' },
    { node: 'salesOrder', field: 'soldToCustomer' },
  ],
  supplier: [{ node: 'purchaseInvoice', field: 'billBySupplier' }],
  product: [
    { node: 'salesInvoice', field: 'product', line: true },
    { node: 'purchaseInvoice', field: 'product', line: true },
  ],
};

/** Which of `keys` the company's documents name (the transport is limited to the company). */
async function referencedByDocuments(
  transport: X3Transport,
  node: 'customer' | 'supplier' | 'product',
  keys: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (!keys.length) return found;
  const list = `[${keys.map(quote).join(',')}]`;
  for (const ref of REFERENCES[node]) {
    const filter = ref.line ? `{lines:{_atLeast:1,${ref.field}:{_in:${list}}}}` : `{${ref.field}:{_in:${list}}}`;
    for await (const doc of transport.list(ref.node, { filter, pageSize: 1000 })) {
      const named = ref.line
        ? ((doc.lines as Array<Record<string, unknown>> | undefined) ?? []).map((l) => l[ref.field])
        : [doc[ref.field]];
      for (const key of named) if (typeof key === 'string') found.add(key);
    }
  }
  return found;
}

/**
 * The records of a page that are in the flow's scope. `delivered` are keys delivered to the flow
 * before; documents and other nodes are in scope as read (the transport already limits documents
 * to the company).
 */
export async function selectInScope(
  transport: X3Transport,
  source: X3FlowSource,
  filter: X3MasterFilter,
  records: X3Record[],
  delivered: ReadonlySet<string>,
): Promise<X3Record[]> {
  if (source.scope !== 'parties' && source.scope !== 'products') return records;
  let undecided = records.filter((r) => !delivered.has(r._id) && !matchesFilter(source, filter, r));
  const keysOf = (list: X3Record[]) => [...new Set(list.map((r) => r._id))];
  if (source.scope === 'products' && filter.sites?.length) {
    const stocked = await atSites(transport, keysOf(undecided), filter.sites);
    undecided = undecided.filter((r) => !stocked.has(r._id));
  }
  const used = await referencedByDocuments(
    transport,
    source.node as 'customer' | 'supplier' | 'product',
    keysOf(undecided),
  );
  const out = new Set(undecided.filter((r) => !used.has(r._id)));
  return records.filter((r) => !out.has(r));
}
