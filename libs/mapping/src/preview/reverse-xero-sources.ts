// The Xero records a xero-to-x3 dry run reads for each entity (first page of each listing) and
// how each is matched in X3: contacts, ACCPAY bills, ACCPAYCREDIT credit notes, payments. Reads only.
import { spec, XeroOrg } from '#lb/connectors/xero';
import type { CanonicalEntity } from '../canonical';
import { billMatcher, creditNoteMatcher, partyMatcher, paymentMatcher, X3Matcher } from './reverse-x3-match';
import { asSourceError } from './source-errors';

type Row = Record<string, unknown>;

export interface ReverseSource {
  read(org: XeroOrg): Promise<Row[]>;
  keyOf(row: Row): string;
  match: X3Matcher;
  /** The Xero records a record refers to (a payment's invoice, bill or credit note and its contact), by id. */
  documentIds?(row: Row): string[];
}

async function firstPage(org: XeroOrg, entity: string, where?: string): Promise<Row[]> {
  const s = spec(entity);
  try {
    const { body } = await org.call({ operation: `list:${entity}`, isWrite: false }, (api, t) =>
      s.list(api, t, { page: 1, where }),
    );
    return ((body as Row)[s.wrapper] as Row[] | undefined) ?? [];
  } catch (error) {
    throw asSourceError('xero', error);
  }
}

/**
 * Which Xero contacts are the entity's: Xero marks a contact customer or supplier once it has a
 * sales or purchase document; one with neither mark could be either, so it is in both.
 */
function contacts(side: (contact: Row) => boolean, entity: 'customer' | 'supplier'): ReverseSource {
  return {
    read: async (org) => (await firstPage(org, 'contacts')).filter((c) => c.contactStatus !== 'ARCHIVED' && side(c)),
    keyOf: (c) => String(c.contactID),
    match: partyMatcher(entity),
  };
}

/** Deleted or voided documents have nothing to bring back to X3. */
const liveDocument = (row: Row) => row.status !== 'DELETED' && row.status !== 'VOIDED';

export const REVERSE_SOURCES: Partial<Record<CanonicalEntity, ReverseSource>> = {
  customer: contacts((c) => c.isCustomer === true || c.isSupplier !== true, 'customer'),
  supplier: contacts((c) => c.isSupplier === true || c.isCustomer !== true, 'supplier'),
  bill: {
    read: async (org) => (await firstPage(org, 'invoices', 'Type=="ACCPAY"')).filter(liveDocument),
    keyOf: (b) => String(b.invoiceID),
    match: billMatcher,
  },
  // supplier credit notes (ACCPAYCREDIT), as the xero-credit-notes flow carries them
  creditNote: {
    read: async (org) => (await firstPage(org, 'creditNotes', 'Type=="ACCPAYCREDIT"')).filter(liveDocument),
    keyOf: (c) => String(c.creditNoteID),
    match: creditNoteMatcher,
  },
  payment: {
    read: async (org) => (await firstPage(org, 'payments')).filter((p) => p.status !== 'DELETED'),
    keyOf: (p) => String(p.paymentID),
    match: paymentMatcher,
    documentIds: (p) => {
      const invoice = p.invoice as Row | undefined;
      const note = p.creditNote as Row | undefined;
      const contact = (invoice?.contact ?? note?.contact) as Row | undefined;
      return [invoice?.invoiceID, note?.creditNoteID, contact?.contactID].filter(
        (id): id is string => typeof id === 'string' && id !== '',
      );
    },
  },
};
