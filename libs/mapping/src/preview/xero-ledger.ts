// Facts about the Xero organisation a preview needs (base currency, time zone, lock dates), and
// which existing documents a resync must leave alone: paid or part-paid, voided, or dated on or
// before a lock date (Xero refuses changes there; issue 11 sends them to "needs an accountant").
import { XeroConnector, XeroOrg } from '#lb/connectors/xero';

type Row = Record<string, unknown>;

export interface LedgerFacts {
  baseCurrency: string;
  timeZone?: string;
  /** The later of PeriodLockDate and EndOfYearLockDate, 'YYYY-MM-DD'. */
  lockDate?: string;
  lockDates: { periodLockDate?: string; endOfYearLockDate?: string };
}

/** Xero dates arrive as 'YYYY-MM-DD…', '/Date(ms+0000)/' or Date objects; the ledger date is the first ten characters. */
export function ledgerDate(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !value) return undefined;
  const ms = /\/Date\((-?\d+)/.exec(value)?.[1];
  if (ms) return new Date(Number(ms)).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

export async function ledgerFactsOf(xero: XeroConnector, org: XeroOrg): Promise<LedgerFacts> {
  const o = (await xero.reads.get(org, 'organisations', org.xeroTenantId)) ?? {};
  const lockDates = {
    periodLockDate: ledgerDate(o.periodLockDate),
    endOfYearLockDate: ledgerDate(o.endOfYearLockDate),
  };
  const locks = [lockDates.periodLockDate, lockDates.endOfYearLockDate].filter((d): d is string => !!d);
  return {
    lockDates,
    baseCurrency: typeof o.baseCurrency === 'string' ? o.baseCurrency : '',
    timeZone: typeof o.timezone === 'string' ? o.timezone : undefined,
    lockDate: locks.sort().at(-1),
  };
}

const positive = (v: unknown) => (typeof v === 'number' && v > 0) || (typeof v === 'string' && Number(v) > 0);

/** Why a resync must not touch this existing Xero document, if it must not. */
export function blockerOf(
  current: Row,
  ledger: LedgerFacts,
): { reason: 'paid' | 'voided' | 'locked'; detail: string } | undefined {
  if (current.status === 'PAID' || positive(current.amountPaid) || positive(current.amountCredited)) {
    return { reason: 'paid', detail: `Status ${String(current.status)}; payments or credits are allocated to it` };
  }
  if (current.status === 'VOIDED') return { reason: 'voided', detail: 'Voided in Xero' };
  const date = ledgerDate(current.date);
  if (date && ledger.lockDate && date <= ledger.lockDate) {
    return { reason: 'locked', detail: `Dated ${date}, on or before the lock date ${ledger.lockDate}` };
  }
  return undefined;
}
