// What becomes of one Xero bill (ACCPAY) read for the xero-to-x3 bills flow, decided from what our
// tables hold before anything is written to X3: a bill already linked to an X3 supplier invoice
// (ours from X3, or carried before) is checked against X3, never written again; a bill not yet
// approved, voided before it reached X3, or dated before the cut-over stays out; a bill whose
// contact is not an X3 supplier yet waits for it; the rest is carried.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

export interface KnownBills {
  /** Xero InvoiceID → the X3 supplier invoice linked to it (cross-reference, entity 'bill'). */
  linked: Map<string, string>;
  /** Xero ContactID → the X3 supplier code linked to it (cross-reference, entity 'supplier'). */
  suppliers: Map<string, string>;
}

export type PlannedSettlement = Extract<Settlement, { kind: 'done' | 'waiting' | 'held' }>;

export type BillVerdict =
  | { kind: 'settle'; settlement: PlannedSettlement; pullContact?: string }
  /** Linked already: compared with the X3 supplier invoice, never written again. */
  | { kind: 'check'; x3Key: string }
  | { kind: 'carry'; supplier: string; number: string };

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
export const contactOf = (row: Row) => (row.contact ?? {}) as Row;

/** Xero statuses of a bill that is not (or no longer) a payable. */
const GONE = ['VOIDED', 'DELETED'];
/** Xero statuses of a bill not approved yet: it is carried when it is (a new change then). */
const UNAPPROVED = ['DRAFT', 'SUBMITTED'];

/** What our tables hold about these Xero bills and their contacts (one tenant transaction). */
export async function knownBills(
  m: EntityManager,
  integrationId: string,
  billIds: string[],
  contactIds: string[],
): Promise<KnownBills> {
  const refs: Array<{ entity: string; x3_key: string; xero_id: string }> = await m.query(
    `SELECT entity, x3_key, xero_id FROM sync_cross_references
      WHERE integration_id = $1 AND state <> 'archived' AND xero_id IS NOT NULL
        AND ((entity = 'bill' AND lower(xero_id) = ANY($2::text[]))
          OR (entity = 'supplier' AND lower(xero_id) = ANY($3::text[])))`,
    [integrationId, billIds, contactIds],
  );
  const known: KnownBills = { linked: new Map(), suppliers: new Map() };
  for (const r of refs) (r.entity === 'bill' ? known.linked : known.suppliers).set(r.xero_id.toLowerCase(), r.x3_key);
  return known;
}

/** The contacts the records name, lower-cased, for knownBills. */
export function contactIdsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => lower(contactOf(r).contactID)).filter(Boolean))];
}

/**
 * The X3 code the starter supplier mapping gives a contact (PARTNER_CODE_EXPRESSION in
 * libs/mapping's reverse templates): its ContactNumber upper-cased with '_' for what X3 refuses,
 * or 'X' + the first 14 hex digits of its ContactID. The key the suppliers flow releases.
 */
export function expectedSupplierCode(contact: Row): string {
  const number = text(contact.contactNumber);
  if (number) return number.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return `X${lower(contact.contactID).replace(/-/g, '').toUpperCase().slice(0, 14)}`;
}

const done = (action: 'unchanged' | 'skipped', message: string, targetId?: string): BillVerdict => ({
  kind: 'settle',
  settlement: { kind: 'done', outcome: { action, targetId, messages: [message] } },
});

const held = (message: string, proposal: string, targetId?: string): BillVerdict => ({
  kind: 'settle',
  settlement: { kind: 'held', outcome: { targetId, messages: [message], proposal } },
});

/** One Xero bill's verdict (`row` undefined: Xero did not return it). */
export function planBill(
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownBills,
  options: { cutOverDate?: string } = {},
): BillVerdict {
  if (!row) return done('skipped', 'Not found in Xero (deleted?)');
  if (row.type !== 'ACCPAY') return done('skipped', 'Not a bill (ACCPAY) in Xero');
  const status = text(row.status) || 'DRAFT';
  const summary = describe(row);
  const x3Key = known.linked.get(change.sourceKey.toLowerCase());
  if (x3Key) {
    if (!GONE.includes(status)) return { kind: 'check', x3Key };
    // X3 keeps a validated supplier invoice: it is reversed by a credit note, by an accountant
    return held(
      `${summary} was ${status.toLowerCase()} in Xero; X3 supplier invoice ${x3Key} still stands`,
      `Reverse X3 supplier invoice ${x3Key} with a supplier credit note (or enter the bill in Xero again)`,
      x3Key,
    );
  }
  if (GONE.includes(status)) return done('skipped', `${summary} was ${status.toLowerCase()} before it reached X3`);
  if (UNAPPROVED.includes(status)) {
    return done('skipped', `${summary} is ${status.toLowerCase()}: it is carried to X3 once approved`);
  }
  const date = typeof row.date === 'string' ? row.date.slice(0, 10) : undefined;
  if (options.cutOverDate && date && date < options.cutOverDate) {
    return done('skipped', `${summary} is dated ${date}, before the cut-over date ${options.cutOverDate}`);
  }
  const contact = contactOf(row);
  const supplier = known.suppliers.get(lower(contact.contactID));
  if (!supplier) {
    return {
      kind: 'settle',
      settlement: { kind: 'waiting', waitingOn: `supplier:${expectedSupplierCode(contact)}` },
      pullContact: lower(contact.contactID) || undefined,
    };
  }
  const number = text(row.invoiceNumber);
  if (!number) {
    return held(
      `${summary} has no invoice number: X3 enters a supplier invoice with the supplier's document number (BPRVCR)`,
      "Enter the supplier's invoice number on the bill in Xero; it is then carried to X3",
    );
  }
  return { kind: 'carry', supplier, number };
}

export function describe(row: Row): string {
  const number = text(row.invoiceNumber);
  const name = text(contactOf(row).name);
  return `Xero bill${number ? ` ${number}` : ''}${name ? ` from ${name}` : ''} (${String(row.total)} ${text(row.currencyCode)})`.replace(
    ' )',
    ')',
  );
}
