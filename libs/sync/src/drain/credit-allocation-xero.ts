// The Xero side of a credit-note allocation: the credit note and the credited invoice (or bill)
// read as they are now, what may be allocated (min(remaining credit, amount due)) or why not, and
// the PUT /CreditNotes/{id}/Allocations itself. Every call through XeroOrg.call (rate limiter).
import Decimal from 'decimal.js';
import { wireAmount, XeroCallError, XeroOrg, xeroRefusalOf } from '#lb/connectors/xero';
import { ledgerDate } from '#lb/mapping';
import type { OrgFacts } from './drain-caches';

type Row = Record<string, unknown>;

export interface XeroCredit {
  status: string;
  remainingCredit: Decimal;
  currency: string;
  date?: string;
  /** Allocations Xero holds on the credit note (deleted ones left out). */
  allocations: Array<{ allocationId: string; invoiceId: string; amount: string }>;
}

export interface XeroCredited {
  status: string;
  amountDue: Decimal;
  number?: string;
  date?: string;
}

/** What to do with one allocation, decided on the documents as Xero holds them now. */
export type AllocationPlan =
  | { kind: 'found'; allocationId: string; amount: string }
  | { kind: 'send'; amount: string; date: string }
  | { kind: 'wait'; on: 'creditNote' | 'document'; why: string }
  | { kind: 'held'; messages: string[]; proposal: string }
  | { kind: 'nothing'; why: string };

/** The SDK's numbers as decimal text first (their shortest form is exact for money). */
const money = (v: unknown) => new Decimal(typeof v === 'number' || typeof v === 'string' ? String(v) : '0');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export async function readCredit(org: XeroOrg, creditNoteId: string, dayReserve: number): Promise<XeroCredit> {
  const { body } = await org.call({ operation: 'get:creditNotes', isWrite: false, dayReserve }, (api, t) =>
    api.getCreditNote(t, creditNoteId),
  );
  const cn = ((body.creditNotes ?? [])[0] ?? {}) as unknown as Row;
  const allocations = ((cn.allocations as Row[] | undefined) ?? [])
    .filter((a) => a.isDeleted !== true)
    .map((a) => ({
      allocationId: str(a.allocationID),
      invoiceId: str((a.invoice as Row | undefined)?.invoiceID),
      amount: money(a.amount).toFixed(2),
    }));
  return {
    status: str(cn.status),
    remainingCredit: money(cn.remainingCredit),
    currency: str(cn.currencyCode),
    date: ledgerDate(cn.date),
    allocations,
  };
}

export async function readCredited(org: XeroOrg, invoiceId: string, dayReserve: number): Promise<XeroCredited> {
  const { body } = await org.call({ operation: 'get:invoices', isWrite: false, dayReserve }, (api, t) =>
    api.getInvoice(t, invoiceId),
  );
  const inv = ((body.invoices ?? [])[0] ?? {}) as unknown as Row;
  return {
    status: str(inv.status),
    amountDue: money(inv.amountDue),
    number: typeof inv.invoiceNumber === 'string' && inv.invoiceNumber ? inv.invoiceNumber : undefined,
    date: ledgerDate(inv.date),
  };
}

const NOT_YET_AUTHORISED = new Set(['DRAFT', 'SUBMITTED']);
const GONE = new Set(['VOIDED', 'DELETED']);

/**
 * The plan for allocating this credit note to this invoice. An allocation Xero already holds (our
 * earlier send whose answer was lost, or one made by hand) is taken as it is: never a second one.
 */
export function planAllocation(
  credit: XeroCredit,
  credited: XeroCredited,
  invoiceId: string,
  facts: OrgFacts,
  what: { note: string; document: string },
): AllocationPlan {
  const existing = credit.allocations.find((a) => a.invoiceId === invoiceId);
  if (existing) return { kind: 'found', allocationId: existing.allocationId, amount: existing.amount };
  if (NOT_YET_AUTHORISED.has(credit.status)) {
    return { kind: 'wait', on: 'creditNote', why: `credit note ${what.note} is ${credit.status} in Xero` };
  }
  if (NOT_YET_AUTHORISED.has(credited.status)) {
    return { kind: 'wait', on: 'document', why: `${what.document} is ${credited.status} in Xero` };
  }
  const keep = `credit note ${what.note} is not allocated to ${what.document}`;
  if (GONE.has(credit.status)) {
    return {
      kind: 'held',
      messages: [`credit note ${what.note} is ${credit.status} in Xero; ${keep}`],
      proposal: 'Nothing to allocate unless the credit note is entered again; check it in Xero',
    };
  }
  if (GONE.has(credited.status) || credited.status === 'PAID' || credited.amountDue.lte(0)) {
    const state = GONE.has(credited.status) ? credited.status : 'already paid (nothing due)';
    return {
      kind: 'held',
      messages: [`${what.document} is ${state} in Xero; ${keep}`],
      proposal: 'Refund the credit, or allocate it to another open document of the contact, in Xero',
    };
  }
  if (credit.remainingCredit.lte(0)) return { kind: 'nothing', why: `credit note ${what.note} has no credit left` };
  const date = [credit.date, credited.date]
    .filter((d): d is string => !!d)
    .sort()
    .pop();
  if (!date) return { kind: 'nothing', why: `Xero gave no date for ${what.note} or ${what.document}` };
  if (facts.lockDate && date <= facts.lockDate) {
    return {
      kind: 'held',
      messages: [`the allocation would be dated ${date}, on or before the lock date ${facts.lockDate}; ${keep}`],
      proposal: `Allocate it in Xero dated after ${facts.lockDate}, or ask the adviser to move the lock date`,
    };
  }
  const amount = Decimal.min(credit.remainingCredit, credited.amountDue).toFixed(2);
  return { kind: 'send', amount, date };
}

export type SendResult = { kind: 'allocated'; allocationId: string } | { kind: 'refused'; messages: string[] };

/**
 * The allocation, under the stored Idempotency-Key. Xero's refusal (a validation error) is an
 * answer; any other failure (timeout, rate limit, token) is thrown: nothing is recorded, and the
 * next attempt reads the credit note's allocations before it sends again.
 */
export async function sendAllocation(
  org: XeroOrg,
  creditNoteId: string,
  a: { invoiceId: string; amount: string; date: string; idempotencyKey: string },
  dayReserve: number,
): Promise<SendResult> {
  try {
    const { body } = await org.call({ operation: 'allocate:creditNotes', isWrite: true, dayReserve }, (api, t) =>
      api.createCreditNoteAllocation(
        t,
        creditNoteId,
        { allocations: [{ invoice: { invoiceID: a.invoiceId }, amount: wireAmount(a.amount), date: a.date }] },
        false,
        a.idempotencyKey,
      ),
    );
    const el = ((body.allocations ?? [])[0] ?? {}) as unknown as Row;
    const errors = ((el.validationErrors as Row[] | undefined) ?? []).map((v) => str(v.message));
    if (errors.length) return { kind: 'refused', messages: errors };
    const allocationId = str(el.allocationID);
    if (!allocationId) return { kind: 'refused', messages: ['Xero answered without an AllocationID'] };
    return { kind: 'allocated', allocationId };
  } catch (e) {
    // a 400 ("amount exceeds the credit", a locked period) is Xero's answer, held with its words
    if (xeroRefusalOf(e) === undefined) throw e;
    const refusal = e as XeroCallError;
    return { kind: 'refused', messages: refusal.messages.length ? refusal.messages : [refusal.message] };
  }
}
