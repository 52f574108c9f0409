// What becomes of one Xero Payment read for the xero-to-x3 payments flow, decided from what our
// tables already hold, before anything is written to X3: an echo of our own x3→xero write, a
// payment already carried (unchanged, or deleted since), one whose invoice or bill is not linked
// yet (it waits), or one to carry to X3 against the linked document.
import { EntityManager } from 'typeorm';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

type Row = Record<string, unknown>;

/** The X3 document a Xero Payment settles: an invoice (ACCREC) or a bill (ACCPAY). */
export interface PaidDocument {
  entity: 'invoice' | 'bill';
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
  /** `invoice:<xero id>` / `bill:<xero id>` → the linked X3 document key. */
  documents: Map<string, string>;
}

/** How a Payment settles without an X3 write (never a retry: nothing failed). */
export type PlannedSettlement = Extract<Settlement, { kind: 'done' | 'waiting' | 'held' }>;

export type PaymentVerdict =
  { kind: 'settle'; settlement: PlannedSettlement } | { kind: 'carry'; document: PaidDocument };

/** Xero's payment types that pay one invoice or bill (not overpayments, prepayments or credit-note refunds). */
const DOCUMENT_PAYMENTS: Record<string, PaidDocument['entity']> = {
  ACCRECPAYMENT: 'invoice',
  ACCPAYPAYMENT: 'bill',
};

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

export const invoiceOf = (row: Row) => (row.invoice ?? {}) as Row;

/** The Xero documents the records pay, as cross-reference lookups need them. */
export function documentIdsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => lower(invoiceOf(r).invoiceID)).filter(Boolean))];
}

/** What our tables hold about these Xero Payments and the documents they pay (one tenant transaction). */
export async function knownPayments(
  m: EntityManager,
  integrationId: string,
  paymentIds: string[],
  documentIds: string[],
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
          OR (entity IN ('invoice', 'bill') AND lower(xero_id) = ANY($3::text[])))`,
    [integrationId, paymentIds, documentIds],
  );
  const carried = new Map<string, CarriedPayment>();
  const documents = new Map<string, string>();
  for (const r of refs) {
    const id = r.xero_id.toLowerCase();
    if (r.entity === 'payment') carried.set(id, { x3Key: r.x3_key, xeroUpdatedAt: r.xero_updated_at });
    else documents.set(`${r.entity}:${id}`, r.x3_key);
  }
  return { echoes, carried, documents };
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
  const entity = DOCUMENT_PAYMENTS[String(row.paymentType)];
  const invoice = invoiceOf(row);
  const xeroId = lower(invoice.invoiceID);
  if (!entity || !xeroId) {
    return held(
      `${summary}: a Xero ${String(row.paymentType)} is not carried to X3 (only payments of an invoice or a bill are)`,
      'Enter it in X3 by hand (an overpayment, prepayment or credit-note refund)',
    );
  }
  const x3Key = known.documents.get(`${entity}:${xeroId}`);
  if (x3Key) return { kind: 'carry', document: { entity, x3Key, xeroId } };
  return { kind: 'settle', settlement: { kind: 'waiting', waitingOn: documentWaitingKeyOf(entity, invoice) } };
}

/**
 * The waiting key of an unlinked document, per the contract (`<entity>:<X3 key>`): an invoice
 * written from X3 carries X3's number as its InvoiceNumber, so `invoice:<InvoiceNumber>` is the key
 * the invoices flow releases when it records the link. A bill's number is the supplier's: it waits
 * on its Xero id here (`bill:<InvoiceID>`), which the drain turns into `bill:<Reference>` (the X3
 * key the bills flow writes there) once it has read the bill (payment-bill-keys.ts).
 */
export function documentWaitingKeyOf(entity: PaidDocument['entity'], invoice: Row): string {
  const number = typeof invoice.invoiceNumber === 'string' ? invoice.invoiceNumber : '';
  if (entity === 'invoice' && number) return `invoice:${number}`;
  return `${entity}:${lower(invoice.invoiceID)}`;
}

function describe(row: Row): string {
  const invoice = invoiceOf(row);
  const doc = typeof invoice.invoiceNumber === 'string' && invoice.invoiceNumber ? ` on ${invoice.invoiceNumber}` : '';
  const currency = typeof invoice.currencyCode === 'string' ? ` ${invoice.currencyCode}` : '';
  return `Xero payment of ${String(row.amount)}${currency}${doc}`;
}
