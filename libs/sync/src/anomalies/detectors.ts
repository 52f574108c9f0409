// Per-tenant anomaly rules over bounded statistics (no trained model: Xero's terms forbid training
// on API data). Pure functions: the drain step (anomaly-screen.ts) loads the profiles, calls these
// and stores what they return. Money stays decimal strings; logarithms and medians are used only
// to judge how unusual an amount is, never to compute one that is written.
import { Dec, lineTax } from '#lb/mapping';
import { nearEqualReferences, referencePairPattern } from './reference-likeness';
import type { AnomalyKind } from './anomaly.entities';

/** The figures of one document the rules look at. */
export interface DocFacts {
  sourceKey: string;
  partyKey: string;
  date: string;
  total: string;
  currency: string;
  baseCurrency: string;
  reference?: string;
  rate?: string;
  /** 'exclusive' or 'inclusive' (the canonical PriceBasis). */
  priceBasis: string;
  lines: Array<{ taxCode?: string; lineAmount: string; taxAmount?: string }>;
}

export interface RecentDoc {
  key: string;
  date: string;
  total: string;
  reference?: string;
}

/** A customer's (or supplier's) sketch: its last amounts and documents, bounded. */
export interface PartyStats {
  count?: number;
  amounts?: string[];
  recent?: RecentDoc[];
}
export interface PartyRules {
  /** An expected outlier widened the band to these bounds. */
  low?: string;
  high?: string;
  /** Reference-pair patterns an expected duplicate accepted (referencePairPattern). */
  pairs?: string[];
}
export interface RateStats {
  rates?: string[];
}
export interface RateRules {
  /** Relative distance from the median rate accepted once marked expected. */
  tolerance?: number;
}
export interface TaxStats {
  rates?: string[];
}
export interface TaxRules {
  /** Implied rates (percent, 2 places) accepted once marked expected. */
  rates?: string[];
}
export interface FlowStats {
  /** Records screened per UTC hour ('2026-11-03T10'), the last VOLUME_HOURS hours. */
  hours?: Record<string, number>;
}
export interface FlowRules {
  /** A per-hour count accepted once marked expected. */
  peak?: number;
}

export const LIMITS = {
  amounts: 64,
  recent: 50,
  rates: 64,
  taxRates: 32,
  pairs: 50,
  /** Documents of a party before its amounts are judged. */
  minAmounts: 20,
  minRates: 10,
  minTaxRates: 10,
  volumeHours: 48,
  /** Hours of history before volume is judged. */
  minVolumeHours: 12,
} as const;

/** Robust z beyond which (in log space) an amount is an outlier, and the least ratio to the median. */
const OUTLIER_Z = 5;
const OUTLIER_RATIO = 3;
/** A rate this far (relative) from the recent median is flagged. */
const RATE_TOLERANCE = 0.1;
/** Tax off by more than this per line is not rounding. */
const TAX_ROUNDING = new Dec('0.02');
/** An hour this many times the baseline (and at least VOLUME_FLOOR records) is a sudden change. */
const VOLUME_FACTOR = 5;
const VOLUME_FLOOR = 100;

export interface Finding {
  kind: AnomalyKind;
  explanation: string;
  detail: Record<string, unknown>;
}

/** 1250 → '1,250.00' (the document's own places, at least 2). */
export function money(value: string): string {
  const d = new Dec(value);
  const places = Math.max(2, d.decimalPlaces());
  const [int, frac] = d.abs().toFixed(places).split('.');
  return `${d.isNegative() ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function mad(xs: number[], m: number): number {
  return median(xs.map((x) => Math.abs(x - m)));
}

const bounded = <T>(xs: T[], n: number) => xs.slice(Math.max(0, xs.length - n));

/** A likely duplicate: same party, amount and date, near-equal references, among `seen`. */
export function duplicateOf(
  doc: DocFacts,
  seen: RecentDoc[],
  rules: PartyRules,
  entityLabel = 'customer',
): Finding | undefined {
  if (!doc.reference) return undefined;
  const total = new Dec(doc.total);
  for (const other of seen) {
    if (other.key === doc.sourceKey || other.date !== doc.date || !other.reference) continue;
    if (!total.equals(other.total) || !nearEqualReferences(doc.reference, other.reference)) continue;
    const pattern = referencePairPattern(doc.reference, other.reference);
    if (rules.pairs?.includes(pattern)) continue;
    return {
      kind: 'duplicate',
      explanation:
        `same ${entityLabel} ${doc.partyKey}, same amount ${money(doc.total)} and date ${doc.date} as ${other.key} ` +
        `(reference '${doc.reference}' vs '${other.reference}')`,
      detail: { partyKey: doc.partyKey, amount: doc.total, date: doc.date, other: other.key, pattern },
    };
  }
  return undefined;
}

/** An amount far outside the party's history (median and MAD of log amounts), unless taught otherwise. */
export function outlierOf(
  doc: DocFacts,
  stats: PartyStats,
  rules: PartyRules,
  entityLabel = 'customer',
): Finding | undefined {
  const amounts = (stats.amounts ?? []).map(Number).filter((x) => x > 0);
  const x = Number(doc.total);
  if (amounts.length < LIMITS.minAmounts || !(x > 0)) return undefined;
  if (rules.low && rules.high && new Dec(doc.total).gte(rules.low) && new Dec(doc.total).lte(rules.high))
    return undefined;
  const logs = amounts.map(Math.log);
  const m = median(logs);
  const spread = Math.max(1.4826 * mad(logs, m), 0.05);
  const z = Math.abs(Math.log(x) - m) / spread;
  const ratio = Math.exp(Math.abs(Math.log(x) - m));
  if (z < OUTLIER_Z || ratio < OUTLIER_RATIO) return undefined;
  const typical = new Dec(Math.exp(m).toFixed(2)).toFixed(2);
  const low = new Dec(Math.exp(m - OUTLIER_Z * spread).toFixed(2)).toFixed(2);
  const high = new Dec(Math.exp(m + OUTLIER_Z * spread).toFixed(2)).toFixed(2);
  return {
    kind: 'outlier',
    explanation:
      `${money(doc.total)} ${doc.currency} is ${ratio.toFixed(1)}× ${x > Math.exp(m) ? 'above' : 'below'} ${entityLabel} ` +
      `${doc.partyKey}'s typical ${money(typical)} (usual range ${money(low)}–${money(high)} over its last ${amounts.length} documents)`,
    detail: { partyKey: doc.partyKey, amount: doc.total, typical, low, high },
  };
}

/** A document's rate far from the tenant's recent rates for its currency (the drain has no rate feed). */
export function rateOf(doc: DocFacts, stats: RateStats, rules: RateRules): Finding | undefined {
  if (!doc.rate || doc.currency === doc.baseCurrency) return undefined;
  const rates = (stats.rates ?? []).map(Number).filter((r) => r > 0);
  const r = Number(doc.rate);
  if (rates.length < LIMITS.minRates || !(r > 0)) return undefined;
  const m = median(rates);
  const off = Math.abs(r / m - 1);
  if (off <= Math.max(RATE_TOLERANCE, rules.tolerance ?? 0)) return undefined;
  return {
    kind: 'exchange-rate',
    explanation:
      `rate ${doc.rate} for ${doc.currency}→${doc.baseCurrency} is ${(off * 100).toFixed(1)}% away from the ` +
      `recent rate ${m.toPrecision(6)} (median of the last ${rates.length} documents)`,
    detail: { currency: doc.currency, rate: doc.rate, median: m.toPrecision(6), off: Number(off.toFixed(4)) },
  };
}

/** The rate (percent, 2 places) a line's tax implies, or undefined for a line without tax or amount. */
export function impliedTaxRate(line: DocFacts['lines'][number], basis: string): string | undefined {
  if (line.taxAmount === undefined || !line.taxCode) return undefined;
  const amount = new Dec(line.lineAmount);
  const tax = new Dec(line.taxAmount);
  const net = basis === 'inclusive' ? amount.minus(tax) : amount;
  if (net.isZero()) return undefined;
  return tax.div(net).times(100).toDecimalPlaces(2).toFixed(2);
}

/** The tax code's rate: the most common implied rate of its recent lines. */
function usualRate(rates: string[]): string {
  const counts = new Map<string, number>();
  for (const r of rates) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

/** Lines whose tax is not amount × the tax code's rate beyond rounding. */
export function taxOf(
  doc: DocFacts,
  statsOf: (code: string) => TaxStats,
  rulesOf: (code: string) => TaxRules,
): Finding | undefined {
  for (const line of doc.lines) {
    if (!line.taxCode || line.taxAmount === undefined) continue;
    const rates = statsOf(line.taxCode).rates ?? [];
    if (rates.length < LIMITS.minTaxRates) continue;
    const rate = usualRate(rates);
    const basis = doc.priceBasis === 'inclusive' ? 'inclusive' : 'exclusive';
    const expected = lineTax(line.lineAmount, rate, basis).toDecimalPlaces(2);
    if (expected.minus(line.taxAmount).abs().lte(TAX_ROUNDING)) continue;
    const implied = impliedTaxRate(line, basis);
    if (implied && rulesOf(line.taxCode).rates?.includes(implied)) continue;
    return {
      kind: 'tax',
      explanation:
        `tax ${money(line.taxAmount)} on ${money(line.lineAmount)} at tax code ${line.taxCode} should be ` +
        `${money(expected.toFixed(2))} at its usual ${rate}%`,
      detail: {
        taxCode: line.taxCode,
        amount: line.lineAmount,
        tax: line.taxAmount,
        expected: expected.toFixed(2),
        rate,
        implied,
      },
    };
  }
  return undefined;
}

/** This hour's count against the median of the flow's earlier hours (zero where nothing came). */
export function volumeOf(hour: string, stats: FlowStats, rules: FlowRules, flowKey: string): Finding | undefined {
  const hours = stats.hours ?? {};
  const now = hours[hour] ?? 0;
  const earlier = Object.keys(hours)
    .filter((h) => h < hour)
    .sort();
  if (!earlier.length) return undefined;
  const span = (Date.parse(`${hour}:00:00Z`) - Date.parse(`${earlier[0]}:00:00Z`)) / 3_600_000;
  if (span < LIMITS.minVolumeHours) return undefined;
  const counts: number[] = [];
  for (let i = 1; i <= Math.min(span, LIMITS.volumeHours - 1); i++) {
    counts.push(hours[new Date(Date.parse(`${hour}:00:00Z`) - i * 3_600_000).toISOString().slice(0, 13)] ?? 0);
  }
  const baseline = median(counts);
  const threshold = Math.max(VOLUME_FLOOR, VOLUME_FACTOR * baseline, rules.peak ?? 0);
  if (now <= threshold) return undefined;
  return {
    kind: 'volume',
    explanation: `${now} records this hour (${hour}:00 UTC) in flow ${flowKey}, against a usual ${baseline} an hour over the last ${counts.length} hours`,
    detail: { hour, count: now, baseline },
  };
}

/** The party's sketch after one more document (replacing its earlier version: a retry counts once). */
export function observeParty(stats: PartyStats, doc: DocFacts): PartyStats {
  const again = (stats.recent ?? []).some((r) => r.key === doc.sourceKey);
  const recent = (stats.recent ?? []).filter((r) => r.key !== doc.sourceKey);
  recent.push({
    key: doc.sourceKey,
    date: doc.date,
    total: doc.total,
    ...(doc.reference ? { reference: doc.reference } : {}),
  });
  return {
    count: (stats.count ?? 0) + (again ? 0 : 1),
    amounts: again ? (stats.amounts ?? []) : bounded([...(stats.amounts ?? []), doc.total], LIMITS.amounts),
    recent: bounded(recent, LIMITS.recent),
  };
}

export function observeRate(stats: RateStats, doc: DocFacts): RateStats {
  if (!doc.rate || doc.currency === doc.baseCurrency) return stats;
  return { rates: bounded([...(stats.rates ?? []), doc.rate], LIMITS.rates) };
}

export function observeTax(stats: TaxStats, rate: string): TaxStats {
  return { rates: bounded([...(stats.rates ?? []), rate], LIMITS.taxRates) };
}

export function observeVolume(stats: FlowStats, hour: string, n: number): FlowStats {
  const hours = { ...(stats.hours ?? {}), [hour]: (stats.hours?.[hour] ?? 0) + n };
  const keep = Object.keys(hours).sort().slice(-LIMITS.volumeHours);
  return { hours: Object.fromEntries(keep.map((h) => [h, hours[h]])) };
}
