import Decimal from 'decimal.js';
import { quote } from './graphql/x3-entity-spec';
import { X3Record } from './graphql/x3-record';
import { X3Transport } from './x3-transport';

// X3's trial balance: debit − credit per GL account, summed from the journal entries (GACCENTRY /
// GACCENTRYD) in ledger currency. Only actual entries (CAT 1) count; simulations, off-balance and
// template entries are not in the ledger. Temporary and final entries both are, as in X3's own
// trial balance.

type Json = Record<string, unknown>;

const codeOf = (ref: unknown) => (typeof ref === 'string' ? ref : String((ref as { _id?: string } | null)?._id));
const day = (v: unknown) => String(v).slice(0, 10);

/** Adds each line of `entries` dated on or before `asAt` (YYYY-MM-DD) to `into` (account → debit − credit). */
export function sumGlEntries(
  entries: Iterable<X3Record>,
  asAt: string,
  into: Map<string, Decimal> = new Map(),
): Map<string, Decimal> {
  for (const entry of entries) {
    if (day(entry.accountingDate) > asAt) continue;
    if (entry.category !== undefined && entry.category !== null && entry.category !== 'actual') continue;
    for (const line of (entry.lines as Json[] | undefined) ?? []) {
      const amount = new Decimal(String(line.amountInLedgerCurrency));
      const account = codeOf(line.account);
      into.set(account, (into.get(account) ?? new Decimal(0)).plus(line.sense === 'debit' ? amount : amount.negated()));
    }
  }
  return into;
}

export interface GlBalanceOptions {
  /** Extra X3 filter ANDed with the date and category ones (the transport adds its company scope). */
  filter?: string;
  pageSize?: number;
}

/**
 * X3's trial balance as at the end of `asAt`: the actual journal entries up to that date, paged
 * through the transport (one page of entries in memory at a time), summed per account.
 */
export async function readGlBalances(
  x3: X3Transport,
  asAt: string,
  options: GlBalanceOptions = {},
): Promise<Map<string, Decimal>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asAt)) throw new Error(`'${asAt}' is not a date (YYYY-MM-DD)`);
  const filters = [`{accountingDate:{_lte:${quote(asAt)}}}`, `{category:{_eq:'actual'}}`];
  if (options.filter) filters.push(options.filter);
  const balances = new Map<string, Decimal>();
  for await (const entry of x3.list('journalEntry', { filter: filters.join(','), pageSize: options.pageSize ?? 100 }))
    sumGlEntries([entry], asAt, balances);
  return balances;
}

/**
 * X3's trial balance as at the end of each of `dates`, from one pass over the entries up to the
 * latest (a run's balances at its date and at the day before its month: one read, not two). With
 * `since`, only entries dated from that day on count: each map is then what moved from `since` to
 * its date, and years of history before it are not read at all.
 */
export async function readGlBalancesAt(
  x3: X3Transport,
  dates: string[],
  options: Omit<GlBalanceOptions, 'filter'> & { since?: string } = {},
): Promise<Map<string, Map<string, Decimal>>> {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  for (const d of [...dates, ...(options.since ? [options.since] : [])])
    if (!day.test(d)) throw new Error(`'${d}' is not a date (YYYY-MM-DD)`);
  const out = new Map(dates.map((d) => [d, new Map<string, Decimal>()]));
  if (!dates.length) return out;
  const latest = [...dates].sort().at(-1)!;
  const filters = [`{accountingDate:{_lte:${quote(latest)}}}`, `{category:{_eq:'actual'}}`];
  if (options.since) filters.push(`{accountingDate:{_gte:${quote(options.since)}}}`);
  const filter = filters.join(',');
  for await (const entry of x3.list('journalEntry', { filter, pageSize: options.pageSize ?? 100 }))
    for (const [d, balances] of out) sumGlEntries([entry], d, balances);
  return out;
}
