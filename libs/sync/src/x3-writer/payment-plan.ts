// What becomes of one Xero Payment read for the xero-to-x3 payments flow, decided from what our
// tables already hold, before anything is written to X3: an echo of our own x3→xero write, a
// payment already carried (unchanged, or deleted since), one whose invoice, bill or credit note
// is not linked yet (it waits), or one to carry to X3 against the linked document.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

/**
 * The X3 document a Xero Payment settles: an invoice (ACCREC), a bill (ACCPAY), or a credit note
 * paid back (ARCREDITPAYMENT: we refund a customer; APCREDITPAYMENT: a supplier refunds us).
 */
export interface PaidDocument {
  entity: 'invoice' | 'bill' | 'creditNote';
  /** Whose open item it is: a customer's (X3 sales invoice / credit memo) or a supplier's (X3 PINVOICE). */
  partner: 'customer' | 'supplier';
  x3Key: string;
  xeroId: string;
}

/** An X3 payment we already created for a Xero Payment (its cross-reference). */
export interface CarriedPayment {
  x3Key: string;
  xeroUpdatedAt: Date | null;
}

export interface KnownPayments {
  /** Xero PaymentIDs our x3→xero flow wrote (sync_payment_parts) → their X3 payment key. */
  echoes: Map<string, string>;
  /** Xero PaymentIDs already carried to X3 (cross-reference, entity 'payment'). */
  carried: Map<string, CarriedPayment>;
  /** `invoice:<xero id>` / `bill:<xero id>` / `creditNote:<xero id>` → the linked X3 document key. */
  documents: Map<string, string>;
  /** Numbers of the credit notes paid back that are X3 memos still on their way to Xero (x3→xero). */
  creditNotesFromX3: Set<string>;
}

/** How a Payment settles without an X3 write (never a retry: nothing failed). */
export type PlannedSettlement = Extract<Settlement, { kind: 'done' | 'waiting' | 'held' }>;

export type PaymentVerdict =
  { kind: 'settle'; settlement: PlannedSettlement } | { kind: 'carry'; document: PaidDocument };

/** Xero's payment types that pay one document (not overpayments or prepayments). */
const DOCUMENT_PAYMENTS: Record<string, Pick<PaidDocument, 'entity' | 'partner'>> = {
  ACCRECPAYMENT: { entity: 'invoice', partner: 'customer' },
  ACCPAYPAYMENT: { entity: 'bill', partner: 'supplier' },
  ARCREDITPAYMENT: { entity: 'creditNote', partner: 'customer' },
  APCREDITPAYMENT: { entity: 'creditNote', partner: 'supplier' },
};

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
const textOf = (v: unknown) => (typeof v === 'string' ? v : '');

/** The Payment's document summary (Invoice, or CreditNote for a refund): Xero id, number, currency. */
export function paidSummaryOf(row: Row): { id: string; number: string; currency: string } {
  const credit = row.creditNote as Row | undefined;
  if (credit && !row.invoice) {
    return {
      id: lower(credit.creditNoteID),
      number: textOf(credit.creditNoteNumber),
      currency: textOf(credit.currencyCode),
    };
  }
  const invoice = (row.invoice ?? {}) as Row;
  return {
    id: lower(invoice.invoiceID),
    number: textOf(invoice.invoiceNumber),
    currency: textOf(invoice.currencyCode),
  };
}

/** The Xero documents the records pay, as cross-reference lookups need them. */
export function documentIdsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => paidSummaryOf(r).id).filter(Boolean))];
}

/** The numbers of the credit notes the records pay back. */
export function creditNoteNumbersOf(rows: Row[]): string[] {
  return [...new Set(rows.filter((r) => r.creditNote && !r.invoice).map((r) => paidSummaryOf(r).number))].filter(
    Boolean,
  );
}

/** What our tables hold about these Xero Payments and the documents they pay (one tenant transaction). */
export async function knownPayments(
  m: EntityManager,
  integrationId: string,
  paymentIds: string[],
  documentIds: string[],
  creditNoteNumbers: string[] = [],
): Promise<KnownPayments> {
  const echoes = new Map<string, string>();
  const parts: Array<{ xero_payment_id: string; payment_key: string }> = await m.query(
    `SELECT xero_payment_id, payment_key FROM sync_payment_parts
      WHERE integration_id = $1 AND lower(xero_payment_id) = ANY($2::text[])`,
    [integrationId, paymentIds],
  );
  for (const p of parts) echoes.set(p.xero_payment_id.toLowerCase(), p.payment_key);
  const refs: Array<{ entity: string; x3_key: string; xero_id: string; xero_updated_at: Date | null }> = await m.query(
    `SELECT entity, x3_key, xero_id, xero_updated_at FROM sync_cross_references
      WHERE integration_id = $1 AND state <> 'archived' AND xero_id IS NOT NULL
        AND ((entity = 'payment' AND lower(xero_id) = ANY($2::text[]))
          OR (entity IN ('invoice', 'bill', 'creditNote') AND lower(xero_id) = ANY($3::text[])))`,
    [integrationId, paymentIds, documentIds],
  );
  const carried = new Map<string, CarriedPayment>();
  const documents = new Map<string, string>();
  for (const r of refs) {
    const id = r.xero_id.toLowerCase();
    if (r.entity === 'payment') carried.set(id, { x3Key: r.x3_key, xeroUpdatedAt: r.xero_updated_at });
    else documents.set(`${r.entity}:${id}`, r.x3_key);
  }
  return {
    echoes,
    carried,
    documents,
    creditNotesFromX3: await creditNotesOnTheirWay(m, integrationId, creditNoteNumbers),
  };
}

/**
 * Of these credit note numbers, those that are X3 memos whose change is open in an x3-to-xero
 * credit notes flow: the note was written from X3 (its CreditNoteNumber is X3's NUM) and its link
 * is not recorded yet, so the refund waits on `creditNote:<NUM>`, the key that flow releases.
 */
async function creditNotesOnTheirWay(m: EntityManager, integrationId: string, numbers: string[]): Promise<Set<string>> {
  if (!numbers.length) return new Set();
  const rows: Array<{ source_key: string }> = await m.query(
    `SELECT DISTINCT source_key FROM sync_pending_changes
      WHERE integration_id = $1 AND entity = 'creditNote' AND direction = 'x3-to-xero'
        AND state IN ('pending', 'claimed', 'waiting') AND source_key = ANY($2::text[])`,
    [integrationId, numbers],
  );
  return new Set(rows.map((r) => r.source_key));
}

const done = (action: 'unchanged' | 'skipped', message: string, targetId?: string): PaymentVerdict => ({
  kind: 'settle',
  settlement: { kind: 'done', outcome: { action, targetId, messages: [message] } },
});

const held = (message: string, proposal: string, targetId?: string): PaymentVerdict => ({
  kind: 'settle',
  settlement: { kind: 'held', outcome: { targetId, messages: [message], proposal } },
});

/** One Xero Payment's verdict (`row` undefined: Xero did not return it). */
export function planPayment(
  change: SyncPendingChange,
  row: Row | undefined,
  known: KnownPayments,
  options: { cutOverDate?: string } = {},
): PaymentVerdict {
  if (!row) return done('skipped', 'Not found in Xero');
  const id = change.sourceKey.toLowerCase();
  const deleted = row.status === 'DELETED';
  const summary = describe(row);
  const echoOf = known.echoes.get(id);
  if (echoOf !== undefined) {
    // written to Xero by the x3→xero payments flow: X3 already holds it
    if (!deleted) return done('unchanged', `Written to Xero from X3 payment ${echoOf}`, echoOf);
    return held(
      `${summary} was deleted in Xero; it came from X3 payment ${echoOf}, which X3 still holds`,
      `Cancel X3 payment ${echoOf} in X3, or enter the payment in Xero again`,
      echoOf,
    );
  }
  const carried = known.carried.get(id);
  if (carried) {
    if (!deleted) return done('unchanged', `Already in X3 as payment ${carried.x3Key}`, carried.x3Key);
    // X3 reverses a posted payment by its 'Accounting cancellation' function, which no X3 API
    // exposes (docs/connectors/sync-engine.md, Payments Xero → X3): an accountant does it
    return held(
      `${summary} was deleted in Xero after it was carried to X3 as payment ${carried.x3Key}`,
      `Reverse X3 payment ${carried.x3Key} (${summary}): in Payment/Receipt entry, Options > Accounting cancellation, then delete it, so the open item is due again`,
      carried.x3Key,
    );
  }
  if (deleted) return done('skipped', `${summary} was deleted in Xero before it reached X3`);
  // the first poll reads every payment the organisation has: those before go-live stay out of X3
  const date = typeof row.date === 'string' ? row.date.slice(0, 10) : undefined;
  if (options.cutOverDate && date && date < options.cutOverDate) {
    return done('skipped', `${summary} is dated ${date}, before the cut-over date ${options.cutOverDate}`);
  }
  const paid = DOCUMENT_PAYMENTS[String(row.paymentType)];
  const { id: xeroId } = paidSummaryOf(row);
  if (!paid || !xeroId) {
    return held(
      `${summary}: a Xero ${String(row.paymentType)} is not carried to X3 (only payments of an invoice, a bill or a credit note are)`,
      'Enter it in X3 by hand (an overpayment or prepayment)',
    );
  }
  const x3Key = known.documents.get(`${paid.entity}:${xeroId}`);
  if (x3Key) return { kind: 'carry', document: { ...paid, x3Key, xeroId } };
  const waitingOn = documentWaitingKeyOf(paid, paidSummaryOf(row), known.creditNotesFromX3);
  return { kind: 'settle', settlement: { kind: 'waiting', waitingOn } };
}

/**
 * The waiting key of an unlinked document, per the contract (`<entity>:<X3 key>`): an invoice
 * written from X3 carries X3's number as its InvoiceNumber, so `invoice:<InvoiceNumber>` is the key
 * the invoices flow releases when it records the link; so does a customer's credit note
 * (`creditNote:<CreditNoteNumber>`: only X3 makes them). A bill's number is the supplier's: it waits
 * on its Xero id here (`bill:<InvoiceID>`), which the drain turns into `bill:<Reference>` (the X3
 * key the bills flow writes there) once it has read the bill (payment-bill-keys.ts). A supplier's
 * credit note waits on `creditNote:<CreditNoteID>`, which the xero-credit-notes flow releases with
 * its link — or on `creditNote:<number>` when it is an X3 memo on its way from X3.
 */
export function documentWaitingKeyOf(
  paid: Pick<PaidDocument, 'entity' | 'partner'>,
  doc: { id: string; number: string },
  creditNotesFromX3: Set<string> = new Set(),
): string {
  const byNumber = paid.entity === 'invoice' || (paid.entity === 'creditNote' && paid.partner === 'customer');
  const fromX3 = paid.entity === 'creditNote' && creditNotesFromX3.has(doc.number);
  if (doc.number && (byNumber || fromX3)) return `${paid.entity}:${doc.number}`;
  return `${paid.entity}:${doc.id}`;
}

function describe(row: Row): string {
  const { number, currency } = paidSummaryOf(row);
  const refund = row.creditNote && !row.invoice;
  const doc = number ? ` on ${refund ? 'credit note ' : ''}${number}` : '';
  return `Xero ${refund ? 'refund' : 'payment'} of ${String(row.amount)}${currency ? ` ${currency}` : ''}${doc}`;
}
