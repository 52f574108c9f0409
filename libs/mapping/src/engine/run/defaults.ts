// Defaults that fill what the source and the mapping left empty: a due date from the document
// date by rule, and a contact's payment terms. Applied to Xero payloads (x3-to-xero) only.
import type { DueDateRule, MappingDefaults } from '../mapping-document';
import type { CanonicalEntity } from '../../canonical';

const DATED_DOCUMENTS: ReadonlySet<CanonicalEntity> = new Set(['invoice', 'bill', 'salesOrder']);
const CONTACTS: ReadonlySet<CanonicalEntity> = new Set(['customer', 'supplier']);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The due date a rule gives for a document dated `date` ('YYYY-MM-DD'), or undefined. */
export function dueDateFor(date: string, rule: DueDateRule): string | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  let result: Date;
  switch (rule.rule) {
    case 'days-after-invoice-date':
      result = new Date(Date.UTC(year, month, day + rule.days));
      break;
    case 'day-of-following-month':
      result = new Date(Date.UTC(year, month + 1, Math.min(rule.day, lastDay(year, month + 1))));
      break;
    case 'end-of-month':
      result = new Date(Date.UTC(year, month + 1, 0));
      break;
    case 'end-of-following-month':
      result = new Date(Date.UTC(year, month + 2, 0));
      break;
  }
  return result.toISOString().slice(0, 10);
}

/** Fills defaults into `payload`; returns the fields it filled. */
export function applyDefaults(
  entity: CanonicalEntity,
  defaults: MappingDefaults,
  canonical: object,
  payload: Record<string, unknown>,
): string[] {
  const filled: string[] = [];
  if (defaults.dueDate && DATED_DOCUMENTS.has(entity) && isEmpty(payload.dueDate)) {
    const date = typeof payload.date === 'string' ? payload.date : (canonical as { date?: unknown }).date;
    const due = typeof date === 'string' ? dueDateFor(date, defaults.dueDate) : undefined;
    if (due) {
      payload.dueDate = due;
      filled.push('dueDate');
    }
  }
  const terms = defaults.paymentTerms;
  if (terms && CONTACTS.has(entity) && isEmpty(payload.paymentTerms)) {
    const paymentTerms: Record<string, unknown> = {};
    if (terms.sales) paymentTerms.sales = { ...terms.sales };
    if (terms.bills) paymentTerms.bills = { ...terms.bills };
    payload.paymentTerms = paymentTerms;
    filled.push('paymentTerms');
  }
  return filled;
}
