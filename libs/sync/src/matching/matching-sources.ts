// Reads both sides for first-connection matching. Xero: contacts, items, accounts, ACCREC and
// ACCPAY invoices, pages of 1,000 (one call per page). X3: business partners and products folder-
// wide (every company shares them), sales and supplier invoices of the integration's company.
// Reads only, with no transaction open (the caller holds none).
import { X3EntityName, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector, XeroOrg } from '#lb/connectors/xero';
import {
  AdapterContext,
  CanonicalEntity,
  purchaseInvoiceEntityOf,
  salesInvoiceEntityOf,
  X3_ADAPTERS,
  XERO_ADAPTERS,
} from '#lb/mapping';
import { canonicalContentHash } from '../hash/content-hash';
import { MatchInput, MatchEntity, X3Coded, X3Document, X3Party, XeroDocumentFacts } from './match-types';

type Row = Record<string, unknown>;

/** 100 pages of 1,000: a listing larger than that is not an organisation we can match in one go. */
const MAX_PAGES = 100;

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

async function listAll(xero: XeroConnector, org: XeroOrg, entity: string, where?: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { records, more } = await xero.reads.listPage(org, entity, { page, pageSize: 1000, where });
    rows.push(...records);
    if (!more) break;
  }
  return rows;
}

/** Reference lists Xero returns whole, in one call (items, accounts: no paging). */
async function listWhole(xero: XeroConnector, org: XeroOrg, entity: string): Promise<Row[]> {
  return (await xero.reads.listPage(org, entity, {})).records;
}

export interface XeroSide {
  facts: MatchInput['xero'];
  baseCurrency: string;
  /** The Xero rows by resource and id, to hash the ones proposed. */
  rows: Map<string, Row>;
}

function documentFacts(row: Row): XeroDocumentFacts {
  const contact = (row.contact ?? {}) as Row;
  return {
    id: String(row.invoiceID),
    number: str(row.invoiceNumber),
    reference: str(row.reference),
    contactId: str(contact.contactID),
    live: row.status !== 'DELETED' && row.status !== 'VOIDED',
  };
}

export async function readXeroSide(xero: XeroConnector, org: XeroOrg): Promise<XeroSide> {
  const organisation = (await xero.reads.get(org, 'organisations', org.xeroTenantId)) ?? {};
  const contacts = await listAll(xero, org, 'contacts');
  const items = await listWhole(xero, org, 'items');
  const accounts = await listWhole(xero, org, 'accounts');
  const invoices = await listAll(xero, org, 'invoices', 'Type=="ACCREC"');
  const bills = await listAll(xero, org, 'invoices', 'Type=="ACCPAY"');
  const rows = new Map<string, Row>();
  const keep = (resource: string, idField: string) => (row: Row) =>
    rows.set(`${resource}:${String(row[idField])}`, row);
  contacts.forEach(keep('contacts', 'contactID'));
  items.forEach(keep('items', 'itemID'));
  accounts.forEach(keep('accounts', 'accountID'));
  [...invoices, ...bills].forEach(keep('invoices', 'invoiceID'));
  return {
    baseCurrency: str(organisation.baseCurrency) ?? '',
    rows,
    facts: {
      contacts: contacts.map((c) => ({
        id: String(c.contactID),
        number: str(c.contactNumber),
        name: str(c.name) ?? '',
        taxNumber: str(c.taxNumber),
        email: str(c.emailAddress),
        active: c.contactStatus === undefined || c.contactStatus === 'ACTIVE',
      })),
      items: items.map((i) => ({ id: String(i.itemID), code: str(i.code) ?? '', name: str(i.name), active: true })),
      accounts: accounts
        .filter((a) => str(a.code))
        .map((a) => ({
          id: String(a.accountID),
          code: String(a.code),
          name: str(a.name),
          active: a.status === undefined || a.status === 'ACTIVE',
        })),
      invoices: invoices.map(documentFacts),
      bills: bills.map(documentFacts),
    },
  };
}

const RESOURCE: Record<MatchEntity, string> = {
  customer: 'contacts',
  supplier: 'contacts',
  product: 'items',
  account: 'accounts',
  invoice: 'invoices',
  bill: 'invoices',
};

/**
 * The hash of the Xero record as the canonical snapshot it reads as: a confirmed match is
 * recorded with it, so a first sync writes only where X3's record differs from what Xero holds.
 * A record the adapter cannot read gets the hash of its raw form (never equal: it is written).
 */
export function xeroSnapshotHash(side: XeroSide, entity: MatchEntity, xeroId: string, ctx: AdapterContext): string {
  const row = side.rows.get(`${RESOURCE[entity]}:${xeroId}`) ?? {};
  const plain = JSON.parse(JSON.stringify(row)) as Row;
  try {
    const adapter = XERO_ADAPTERS[entity as CanonicalEntity];
    const canonical = adapter.fromXero(plain, ctx) as unknown as Row;
    const { origin: _origin, ...content } = canonical;
    return canonicalContentHash(content);
  } catch {
    return canonicalContentHash({ xero: RESOURCE[entity], row: plain });
  }
}

export interface X3Side {
  input: Omit<MatchInput, 'xero'>;
  /** Records the adapters could not read (per X3 node): counted, not matched. */
  unreadable: Partial<Record<X3EntityName, number>>;
}

/**
 * GL accounts are read folder-wide (the node has no company scope) and one code can sit in several
 * charts: a code is one Xero account, so the first of each code stands for it.
 */
function firstPerKey(rows: X3Coded[]): X3Coded[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.key) && !!seen.add(r.key));
}

async function collect(transport: X3Transport, node: X3EntityName): Promise<X3Record[]> {
  const records: X3Record[] = [];
  for await (const record of transport.list(node, { pageSize: 1000 })) records.push(record);
  return records;
}

export async function readX3Side(
  openFolder: () => X3Transport,
  openCompany: () => X3Transport,
  ctx: AdapterContext,
): Promise<X3Side> {
  const unreadable: X3Side['unreadable'] = {};
  const adapt = <T>(node: X3EntityName, records: X3Record[], read: (r: X3Record) => T): T[] =>
    records.flatMap((r) => {
      try {
        return [read(r)];
      } catch {
        unreadable[node] = (unreadable[node] ?? 0) + 1;
        return [];
      }
    });
  const folder = openFolder();
  let master: { customers: X3Party[]; suppliers: X3Party[]; products: X3Coded[]; accounts: X3Coded[] };
  try {
    master = {
      customers: adapt('customer', await collect(folder, 'customer'), (r) => X3_ADAPTERS.customer.fromX3(r, ctx)),
      suppliers: adapt('supplier', await collect(folder, 'supplier'), (r) => X3_ADAPTERS.supplier.fromX3(r, ctx)),
      products: adapt('product', await collect(folder, 'product'), (r) => X3_ADAPTERS.product.fromX3(r, ctx)),
      accounts: firstPerKey(
        adapt('account', await collect(folder, 'account'), (r) => {
          const a = X3_ADAPTERS.account.fromX3(r, ctx);
          return { key: a.code, name: a.name };
        }),
      ),
    };
  } finally {
    folder.close();
  }
  const company = openCompany();
  try {
    const sales = (await collect(company, 'salesInvoice')).filter((r) => salesInvoiceEntityOf(r) === 'invoice');
    const purchases = (await collect(company, 'purchaseInvoice')).filter((r) => purchaseInvoiceEntityOf(r) === 'bill');
    const invoices: X3Document[] = adapt('salesInvoice', sales, (r) => {
      const i = X3_ADAPTERS.invoice.fromX3(r, ctx);
      return { key: i.key, partyKey: i.partyKey };
    });
    const bills: X3Document[] = adapt('purchaseInvoice', purchases, (r) => {
      const b = X3_ADAPTERS.bill.fromX3(r, ctx);
      return { key: b.key, partyKey: b.partyKey, supplierReference: b.supplierReference };
    });
    return { input: { ...master, invoices, bills }, unreadable };
  } finally {
    company.close();
  }
}
