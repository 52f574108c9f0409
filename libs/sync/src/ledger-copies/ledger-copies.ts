// The sync's local copies of both ledgers (recon_documents): what it last read or wrote of each
// document and party, upserted in one statement per drain batch or poll page, inside the tenant's
// transaction. Reconciliation (libs/reconciliation) streams them; it never writes them.
import { EntityManager } from 'typeorm';
import type { CanonicalRecord } from '#lb/mapping';
import type { LedgerCopyEntity, LedgerSide } from './ledger-copy.entity';

type Row = Record<string, unknown>;

export interface LedgerCopy {
  side: LedgerSide;
  entity: LedgerCopyEntity;
  recordKey: string;
  matchKey: string;
  counterparty?: string | null;
  documentDate?: string | null;
  currency?: string | null;
  total?: string | null;
  amountDue?: string | null;
  status?: string | null;
}

const COPIED: ReadonlySet<string> = new Set([
  'invoice',
  'bill',
  'creditNote',
  'customer',
  'supplier',
  'product',
  'payment',
]);

export const isCopiedEntity = (entity: string): entity is LedgerCopyEntity => COPIED.has(entity);

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

/** A date as YYYY-MM-DD (Xero's SDK gives ISO text or /Date(ms)/). */
function dateOf(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = text(v);
  if (!s) return null;
  const ms = /^\/Date\((-?\d+)/.exec(s);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
}

/** A canonical record as one side holds it (the drain maps X3 records to these before writing). */
export function copyOfCanonical(side: LedgerSide, record: CanonicalRecord, recordKey?: string): LedgerCopy | null {
  if (!isCopiedEntity(record.entity)) return null;
  const r = record as Extract<CanonicalRecord, { entity: LedgerCopyEntity }>;
  const base = { side, entity: r.entity, recordKey: recordKey ?? r.key, matchKey: r.key };
  if (r.entity === 'customer' || r.entity === 'supplier' || r.entity === 'product') {
    return { ...base, counterparty: null, status: r.isActive ? 'active' : 'archived' };
  }
  if (r.entity === 'payment') {
    // a payment's total is its amount; it owes nothing itself (the documents it settles do)
    return {
      ...base,
      counterparty: r.partyKey,
      documentDate: r.date,
      currency: r.currency,
      total: r.amount,
      amountDue: null,
      status: r.status,
    };
  }
  return {
    ...base,
    counterparty: r.partyKey,
    documentDate: r.date,
    currency: r.currency,
    total: r.totals.total,
    amountDue: r.amountDue ?? (r.status === 'paid' ? '0' : r.totals.total),
    status: r.status,
  };
}

/**
 * A Xero record as the SDK returns it (camelCase) — an invoice, bill, credit note or contact —
 * or null when it is none of this entity's. Parties match on ContactNumber, else their name; bills
 * on Reference.
 */
export function copyOfXeroRow(entity: LedgerCopyEntity, row: Row): LedgerCopy | null {
  const contact = (row.contact ?? {}) as Row;
  if (entity === 'customer' || entity === 'supplier') {
    const id = text(row.contactID);
    const key = text(row.contactNumber) ?? text(row.name);
    if (!id || !key) return null;
    const status = (text(row.contactStatus) ?? 'ACTIVE').toLowerCase();
    return { side: 'xero', entity, recordKey: id.toLowerCase(), matchKey: key, status };
  }
  if (entity === 'product') {
    const id = text(row.itemID);
    const key = text(row.code);
    return id && key ? { side: 'xero', entity, recordKey: id.toLowerCase(), matchKey: key, status: 'active' } : null;
  }
  if (entity === 'payment') return copyOfXeroPayment(row);
  const id = text(row.invoiceID) ?? text(row.creditNoteID);
  // a bill's InvoiceNumber is the supplier's number: our X3 key is its Reference (document-adapters.ts)
  const key =
    entity === 'bill'
      ? (text(row.reference) ?? text(row.invoiceNumber))
      : (text(row.invoiceNumber) ?? text(row.creditNoteNumber));
  if (!id || !key) return null;
  return {
    side: 'xero',
    entity,
    recordKey: id.toLowerCase(),
    matchKey: key,
    counterparty: text(contact.contactNumber) ?? text(contact.name),
    documentDate: dateOf(row.date),
    currency: text(row.currencyCode),
    total: text(row.total),
    amountDue: text(row.amountDue) ?? text(row.remainingCredit),
    status: text(row.status)?.toLowerCase() ?? null,
  };
}

/**
 * A Xero Payment: matched on its Reference, which holds our X3 payment key when the sync wrote it
 * (a payment linked to an X3 one is re-keyed to that key on upsert); else its PaymentID. Its party
 * and currency are its document's.
 */
function copyOfXeroPayment(row: Row): LedgerCopy | null {
  const id = text(row.paymentID);
  if (!id) return null;
  const document = (row.invoice ?? row.creditNote ?? {}) as Row;
  const contact = (document.contact ?? row.contact ?? {}) as Row;
  return {
    side: 'xero',
    entity: 'payment',
    recordKey: id.toLowerCase(),
    matchKey: text(row.reference) ?? id.toLowerCase(),
    counterparty: text(contact.contactNumber) ?? text(contact.name),
    documentDate: dateOf(row.date),
    currency: text(document.currencyCode) ?? text(row.currencyCode),
    total: text(row.amount),
    amountDue: null,
    status: text(row.status)?.toLowerCase() ?? null,
  };
}

/**
 * The Xero Payments a reconciliation compares: those on an invoice, bill or credit note the sync
 * links to X3 (or linked themselves). A payment on a document no flow covers is the organisation's
 * own business, as that document is: kept out, or every run would list it as missing in X3.
 */
export async function paymentsOnOurDocuments(m: EntityManager, integrationId: string, rows: Row[]): Promise<Row[]> {
  const documentId = (r: Row) => {
    const d = (r.invoice ?? r.creditNote) as Row | undefined;
    return (text(d?.invoiceID) ?? text(d?.creditNoteID))?.toLowerCase();
  };
  const ids = [
    ...new Set(rows.flatMap((r) => [documentId(r), text(r.paymentID)?.toLowerCase()]).filter((v): v is string => !!v)),
  ];
  if (!ids.length) return [];
  const linked = await m.query<Array<{ id: string }>>(
    `SELECT lower(xero_id) AS id FROM sync_cross_references
     WHERE integration_id = $1 AND entity IN ('invoice', 'bill', 'creditNote', 'payment')
       AND state IN ('matched', 'written') AND lower(xero_id) = ANY($2)`,
    [integrationId, ids],
  );
  const ours = new Set(linked.map((l) => l.id));
  return rows.filter((r) => ours.has(documentId(r) ?? '') || ours.has(text(r.paymentID)?.toLowerCase() ?? ''));
}

/** The copies in one order for every writer, so two upserts of overlapping copies lock them alike. */
function inLockOrder(byKey: Map<string, LedgerCopy>): LedgerCopy[] {
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

/**
 * Upserts the copies in one statement (the latest read wins per side and record). A record read
 * twice in one batch keeps its last copy: PostgreSQL refuses one upsert touching a row twice.
 * A Xero record linked to an X3 record (a cross-reference) is matched on the X3 key: a contact
 * numbered 'C-1001' is X3 partner 'C_1001', and a poll re-reading it must not undo that.
 */
export async function recordLedgerCopies(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  copies: Array<LedgerCopy | null>,
  opts: { ourDocumentsOnly?: boolean } = {},
): Promise<number> {
  const last = new Map<string, LedgerCopy>();
  for (const c of copies) if (c) last.set(`${c.side}|${c.entity}|${c.recordKey}`, c);
  if (!last.size) return 0;
  await m.query(
    `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
                                  document_date, currency, total, amount_due, status, seen_at)
     SELECT $1, $2, c.side, c.entity, c."recordKey", coalesce(r.x3_key, c."matchKey"), c.counterparty,
            c."documentDate"::date, c.currency, c.total, c."amountDue", c.status, now()
     FROM jsonb_to_recordset($3::jsonb) AS c(side text, entity text, "recordKey" text, "matchKey" text,
          counterparty text, "documentDate" text, currency text, total text, "amountDue" text, status text)
     LEFT JOIN sync_cross_references r ON c.side = 'xero' AND r.tenant_id = $1 AND r.integration_id = $2
          AND r.entity = c.entity AND r.xero_id = c."recordKey" AND r.state IN ('matched', 'written')
     -- ourDocumentsOnly (a flow writing Xero only): what we wrote (linked), what shares a number
     -- with an X3 document (a duplicate keyed in Xero), and what is kept already; not the rest
     -- of the organisation's documents, which no flow of this integration covers
     WHERE NOT $4 OR r.x3_key IS NOT NULL
        OR EXISTS (SELECT 1 FROM recon_documents x WHERE x.tenant_id = $1 AND x.integration_id = $2
                   AND x.side = 'x3' AND x.entity = c.entity AND x.match_key = c."matchKey")
        OR EXISTS (SELECT 1 FROM recon_documents k WHERE k.tenant_id = $1 AND k.integration_id = $2
                   AND k.side = c.side AND k.entity = c.entity AND k.record_key = c."recordKey")
     ON CONFLICT (tenant_id, integration_id, side, entity, record_key) DO UPDATE SET
       match_key = EXCLUDED.match_key, counterparty = EXCLUDED.counterparty, document_date = EXCLUDED.document_date,
       currency = EXCLUDED.currency, total = EXCLUDED.total, amount_due = EXCLUDED.amount_due,
       status = EXCLUDED.status, seen_at = EXCLUDED.seen_at`,
    [tenantId, integrationId, JSON.stringify(inLockOrder(last)), opts.ourDocumentsOnly === true],
  );
  const xeroKeys = [...last.values()].filter((c) => c.side === 'xero').map((c) => c.recordKey);
  if (xeroKeys.length) {
    // The upsert's join reads the links as its statement began: when it waited on a copy the
    // xero→x3 drain was re-keying (link and copies not yet committed), it wrote the number back
    // over the X3 key. A new statement sees that commit and re-keys (ledger-copies.int-spec).
    await m.query(
      `UPDATE recon_documents d SET match_key = r.x3_key
       FROM sync_cross_references r
       WHERE d.tenant_id = $1 AND d.integration_id = $2 AND d.side = 'xero' AND d.record_key = ANY($3::text[])
         AND r.tenant_id = $1 AND r.integration_id = $2 AND r.entity = d.entity AND r.xero_id = d.record_key
         AND r.state IN ('matched', 'written') AND d.match_key IS DISTINCT FROM r.x3_key`,
      [tenantId, integrationId, xeroKeys],
    );
  }
  return last.size;
}

/**
 * A record written into X3 from Xero (a both-ways party): its X3 copy, and its Xero copy re-keyed
 * to the X3 key the two now share. The xero→x3 writer is the only one to see the X3 side of such
 * a record (the X3 poll finds it already linked and unchanged), so without this a contact the sync
 * carried to X3 would be reported missing there.
 */
export async function recordWrittenFromXero(
  m: EntityManager,
  tenantId: string,
  integrationId: string,
  entity: LedgerCopyEntity,
  x3Key: string,
  xeroRow: Row,
): Promise<number> {
  const xero = copyOfXeroRow(entity, xeroRow);
  if (!xero) return 0;
  const shared = { ...xero, matchKey: x3Key };
  return recordLedgerCopies(m, tenantId, integrationId, [shared, { ...shared, side: 'x3', recordKey: x3Key }]);
}
