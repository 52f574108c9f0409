// "Then allocated" (issue 11): an X3 advance or overpayment already in Xero as a Prepayment or
// Overpayment is later posted to a document in X3 (Customer / Supplier Prepayment Posting: the
// advance's line on no document becomes, in part or whole, a line on the invoice; the payment's
// amount is unchanged). The payment then reads as changed; when the change is exactly that — the
// Payments written before unchanged, new document lines whose sum the remainder lost to the
// cent — each new document line is an Allocation of the credit to that invoice in Xero
// (PUT /Overpayments/{id}/Allocations, /Prepayments/{id}/Allocations), not a Payment. Any other
// change stays held, as before (Xero never changes a payment).
import { CREDIT_ID_FIELD } from '#lb/connectors/xero';
import { Payment, toDec, toWireNumber, XERO_AMOUNT_DP } from '#lb/mapping';
import type { LandedPart } from './payment-parts';
import { isRemainderPart } from './payment-remainders';
import type { PaymentPart } from './payment-sets';
import type { PlannedWrite } from './resolve-writes';

type Row = Record<string, unknown>;

/** The part key of an allocation of the payment's credit to a document (`allocated:invoice:FAC…`). */
export const ALLOCATED = 'allocated:';
export const isAllocationPart = (partKey: string) => partKey.startsWith(ALLOCATED);

export const ALLOCATION_ENTITY = { overpayment: 'overpaymentAllocations', prepayment: 'prepaymentAllocations' };

export type AdvancePlan =
  | { kind: 'allocate'; write: PlannedWrite }
  /** Everything the change asks is already allocated: record it. */
  | { kind: 'allocated' }
  | undefined;

const same = (a: string, b: string) => toDec(a).equals(toDec(b));

/**
 * The allocations a changed payment asks of its credit, or undefined when the change is not an
 * advance posted to documents (the caller holds it).
 */
export function planAdvanceAllocations(w: PlannedWrite, landed: LandedPart[]): AdvancePlan {
  const p = w.record as Payment;
  const credit = landed.find((l) => isRemainderPart(l.partKey));
  if (!credit || p.status === 'deleted') return undefined;
  const parts = w.parts ?? [];
  const paid = new Map(
    landed.filter((l) => !isRemainderPart(l.partKey) && !isAllocationPart(l.partKey)).map((l) => [l.partKey, l]),
  );
  // what each document was allocated before (`allocated:<document>@<its total after>`, one row each)
  const allocated = new Map<string, string>();
  for (const l of landed.filter((x) => isAllocationPart(x.partKey))) {
    const key = l.partKey.slice(ALLOCATED.length, l.partKey.lastIndexOf('@'));
    allocated.set(
      key,
      toDec(allocated.get(key) ?? '0')
        .plus(toDec(l.amount))
        .toFixed(),
    );
  }
  const documents = parts.map((part, index) => ({ part, index })).filter(({ part }) => !isRemainderPart(part.partKey));
  const remainderNow = parts.find((part) => isRemainderPart(part.partKey))?.amount ?? '0';
  // the Payments written before stay as they were, and nothing they paid is gone
  for (const [key, before] of paid) {
    const now = documents.find(({ part }) => part.partKey === key);
    if (!now || !same(now.part.amount, before.amount)) return undefined;
  }
  // one document posted more than once (a line per posting) is allocated its sum
  const posted = new Map<string, { part: PaymentPart; index: number }>();
  for (const { part, index } of documents.filter((x) => !paid.has(x.part.partKey))) {
    const before = posted.get(part.partKey);
    const amount = before ? toDec(before.part.amount).plus(toDec(part.amount)).toFixed() : part.amount;
    posted.set(part.partKey, { part: { ...part, amount }, index: before?.index ?? index });
  }
  if (!posted.size) return undefined;
  const total = [...posted.values()].reduce((sum, { part }) => sum.plus(toDec(part.amount)), toDec(0));
  if (!toDec(credit.amount).minus(total).equals(toDec(remainderNow))) return undefined;
  const todo: Array<{ part: PaymentPart; element: Row }> = [];
  for (const { part, index } of posted.values()) {
    const element = ((w.payload.payments as Row[] | undefined) ?? [])[index];
    const invoice = element?.invoice as Row | undefined;
    if (!invoice?.invoiceID) return undefined; // a credit note is not settled from a credit
    const before = toDec(allocated.get(part.partKey) ?? '0');
    const more = toDec(part.amount).minus(before);
    if (more.isNegative()) return undefined; // an allocation taken back: Xero's to delete by hand
    if (more.isZero()) continue;
    todo.push({
      part: { partKey: `${ALLOCATED}${part.partKey}@${toDec(part.amount).toFixed()}`, amount: more.toFixed() },
      element: {
        [CREDIT_ID_FIELD]: credit.xeroPaymentId,
        invoice: { invoiceID: invoice.invoiceID },
        amount: toWireNumber(more, XERO_AMOUNT_DP),
        date: p.date,
      },
    });
  }
  if (!todo.length) return { kind: 'allocated' };
  return {
    kind: 'allocate',
    write: {
      ...w,
      // Xero's Allocations are created, never updated: no id goes with them
      decided: { ...w.decided, decision: 'create' },
      payload: { ...w.payload, payments: todo.map((t) => t.element) },
      parts: todo.map((t) => t.part),
      xeroEntity: ALLOCATION_ENTITY[credit.partKey as keyof typeof ALLOCATION_ENTITY],
      batchGroup: credit.xeroPaymentId,
      then: undefined,
    },
  };
}
