// Credit notes applied within an X3 payment (a receipt whose lines are invoice FAC 100.00 and
// credit memo AVO −30.00, 70.00 in cash). Xero pays one document per Payment and applies a credit
// note to an invoice by an Allocation (PUT /CreditNotes/{id}/Allocations), so the mapping splits
// the set into its cash Payments and `creditAllocations`; each allocation is one more part of the
// set (`credit:creditNote:AVO>invoice:FAC`), written first, one batch per credit note, under the
// batch's stored Idempotency-Key: the cash then finds the invoice due only what it pays. An
// allocation the credit-notes flow (or a person) already made is taken as the part
// (payment-credit-check.ts), never made twice.
import { CREDIT_ID_FIELD } from '#lb/connectors/xero';
import { Payment, toDec } from '#lb/mapping';
import type { PaymentPart } from './payment-sets';
import type { PlannedWrite } from './resolve-writes';

type Row = Record<string, unknown>;

/** The catalog entity (libs/connectors/xero entity-catalog) a credit applied in a payment is written as. */
export const CREDIT_ENTITY = 'creditNoteAllocations';

const CREDIT = 'credit:';
export const isCreditPart = (partKey: string) => partKey.startsWith(CREDIT);

/** `credit:creditNote:AVO>invoice:FAC` of the credit note's and the document's part keys. */
export const creditPartKey = (note: string, document: string) => `${CREDIT}${note}>${document}`;

/** The credit note's and the document's keys of a credit part (`creditNote:AVO`, `invoice:FAC`). */
export function creditPartOf(partKey: string): { note: string; document: string } {
  const rest = partKey.slice(CREDIT.length);
  const at = rest.indexOf('>');
  return { note: rest.slice(0, at), document: rest.slice(at + 1) };
}

/**
 * The credit parts of a mapped set, in payload order (read before the placeholders are replaced):
 * `partKeyOf` names a placeholder's document (`creditNote:AVO`).
 */
export function creditPartsOf(payload: Row, partKeyOf: (id: unknown) => string | undefined): PaymentPart[] {
  return ((payload.creditAllocations as Row[] | undefined) ?? []).map((c) => {
    const note = partKeyOf((c.creditNote as Row | undefined)?.creditNoteID) ?? '(unknown credit note)';
    const document = partKeyOf((c.invoice as Row | undefined)?.invoiceID) ?? '(unknown document)';
    return { partKey: creditPartKey(note, document), amount: String(c.amount) };
  });
}

/** What a credit write keeps of the cash still to pay on each invoice (invoice id → amount), for its checks. */
export const CASH_AFTER = 'cashAfter';

/**
 * The next credit allocations of a set to write: the missing ones of its first credit note (one
 * batch allocates one credit). When parts are still missing after these (the cash Payments, the
 * remainder, another note's), the change comes back for them once these land.
 */
export function creditWrite(w: PlannedWrite, missing: PaymentPart[]): PlannedWrite {
  const p = w.record as Payment;
  const all = (w.payload.creditAllocations as Row[] | undefined) ?? [];
  const parts = w.parts ?? [];
  const credits = parts.filter((part) => isCreditPart(part.partKey));
  const first = creditPartOf(missing.find((part) => isCreditPart(part.partKey))!.partKey).note;
  const mine = missing.filter((part) => isCreditPart(part.partKey) && creditPartOf(part.partKey).note === first);
  const elements = mine.map((part) => {
    const c = all[credits.findIndex((x) => x.partKey === part.partKey)];
    return {
      [CREDIT_ID_FIELD]: (c.creditNote as Row).creditNoteID,
      invoice: { invoiceID: (c.invoice as Row).invoiceID },
      amount: c.amount,
      date: c.date ?? p.date,
    };
  });
  // the cash Payments not in Xero yet, by invoice: the invoice must be due the credit and them
  const cashAfter: Record<string, string> = {};
  ((w.payload.payments as Row[] | undefined) ?? []).forEach((el, i) => {
    const id = (el.invoice as Row | undefined)?.invoiceID;
    if (typeof id !== 'string' || !missing.some((m) => m.partKey === parts[i]?.partKey)) return;
    cashAfter[id] = toDec(cashAfter[id] ?? '0')
      .plus(toDec(String(el.amount)))
      .toFixed();
  });
  return {
    ...w,
    // Xero's Allocations are created, never updated: no id goes with them
    decided: { ...w.decided, decision: 'create' },
    payload: { ...w.payload, payments: elements, [CASH_AFTER]: cashAfter },
    parts: mine,
    xeroEntity: CREDIT_ENTITY,
    batchGroup: String(elements[0][CREDIT_ID_FIELD]),
    then: missing.length > mine.length ? 'more' : undefined,
  };
}
