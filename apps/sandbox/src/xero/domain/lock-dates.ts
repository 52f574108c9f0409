import { invalid } from '../core/xero-errors';
import { parseDateInput } from '../core/ms-date';

// Xero's lock dates: nothing dated on or before the period lock date or the end of year lock date
// may be posted, changed or deleted through the API. The messages are Xero's own (sources in
// docs/connectors/xero-sandbox.md); when a date falls before both locks Xero names both.

export interface LockDates {
  PeriodLockDate?: unknown;
  EndOfYearLockDate?: unknown;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 31-Jul-2013, as Xero writes a lock date in its messages. */
export function lockDateText(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
}

function lockOf(value: unknown): number | undefined {
  const ms = parseDateInput(value);
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}

/** The messages Xero gives for a transaction dated `ms`; empty when no lock covers it. */
export function lockViolations(org: LockDates, ms: number): string[] {
  const messages: string[] = [];
  const period = lockOf(org.PeriodLockDate);
  const yearEnd = lockOf(org.EndOfYearLockDate);
  if (period !== undefined && ms <= period)
    messages.push(`The document date cannot be before the period lock date, currently set at ${lockDateText(period)}`);
  if (yearEnd !== undefined && ms <= yearEnd)
    messages.push(
      `The document date cannot be before the end of year lock date, currently set at ${lockDateText(yearEnd)}`,
    );
  return messages;
}

/** Refuses a transaction dated on or before a lock date. */
export function assertUnlocked(org: LockDates, ms: number): void {
  const messages = lockViolations(org, ms);
  if (messages.length) throw invalid(...messages);
}
