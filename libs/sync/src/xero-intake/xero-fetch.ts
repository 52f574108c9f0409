// Fetches the records behind pending changes: up to 50 ids per Xero call. Contacts and Invoices
// take an IDs list (Xero's `IDs` query parameter); Payments and CreditNotes have none, so their ids
// go in one `where` of ORed guid comparisons. Every call goes through XeroOrg.call (the scheduler).
import type { AccountingApi } from 'xero-node';
import type { XeroOrg } from '#lb/connectors/xero';
import type { XeroSource } from './xero-resources';

type Row = Record<string, unknown>;
type Res = Promise<{ response: { status: number; headers: unknown }; body: unknown }>;

/** Ids per call: Xero's batch size, and a URL that stays short. */
export const FETCH_CHUNK = 50;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Guid(…), as Xero's where examples write it (the sandbox's parser takes GUID or Guid, not guid)
const anyGuid = (field: string, ids: string[]) => ids.map((id) => `${field}==Guid("${id}")`).join(' OR ');

/** One call for up to FETCH_CHUNK ids of the resource. */
const BY_IDS: Record<XeroSource['resource'], (api: AccountingApi, t: string, ids: string[]) => Res> = {
  contacts: (api, t, ids) =>
    // includeArchived: an archived contact is a change too (X3 deactivates the partner)
    api.getContacts(t, undefined, undefined, undefined, ids, 1, true, undefined, undefined, 1000),
  invoices: (api, t, ids) =>
    api.getInvoices(t, undefined, undefined, undefined, ids, undefined, undefined, undefined, 1, true, undefined, 4),
  creditNotes: (api, t, ids) => api.getCreditNotes(t, undefined, anyGuid('CreditNoteID', ids), undefined, 1, 4),
  payments: (api, t, ids) => api.getPayments(t, undefined, anyGuid('PaymentID', ids), undefined, 1),
};

const WRAPPER: Record<XeroSource['resource'], string> = {
  contacts: 'contacts',
  invoices: 'invoices',
  creditNotes: 'creditNotes',
  payments: 'payments',
};

/**
 * The records of `ids` (lower-cased Xero id → record); an id Xero does not return is absent
 * (deleted, or never ours). A Xero error (rate-limited included) is thrown to the drain.
 */
export async function fetchByIds(org: XeroOrg, source: XeroSource, ids: string[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => GUID.test(id));
  for (let at = 0; at < wanted.length; at += FETCH_CHUNK) {
    const chunk = wanted.slice(at, at + FETCH_CHUNK);
    const { body } = await org.call({ operation: `fetch:${source.resource}`, isWrite: false }, (api, t) =>
      BY_IDS[source.resource](api, t, chunk),
    );
    for (const row of ((body as Row)[WRAPPER[source.resource]] as Row[] | undefined) ?? []) {
      const id = row[source.idField];
      if (typeof id === 'string') found.set(id.toLowerCase(), row);
    }
  }
  return found;
}
