// Xero's per-organisation limits checked against the sandbox's own call log (GET
// /xero-control/organisations/:id/calls), never against our meter: what the far side saw from
// every api and worker process together. Pure, so the arithmetic has unit tests.

/** One call as the sandbox logged it (sandbox-clock epoch ms). */
export interface LoggedCall {
  clientId: string;
  startMs: number;
  endMs: number | null;
  status: number | null;
  /** Set when the sandbox's limiter refused the call (429): minute, day, concurrent … */
  problem?: string;
}

export interface XeroLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
  /** 429s from the organisation's limits the run may take (0: any refusal means we pushed past a limit). */
  refusalsAllowed: number;
}

export const XERO_LIMITS: XeroLimits = { perMinute: 60, concurrent: 5, perDay: 5000, refusalsAllowed: 0 };

export interface OrgLimitFigures {
  /** Calls the organisation admitted. */
  admitted: number;
  /** Calls refused with 429, by X-Rate-Limit-Problem. */
  refused: Record<string, number>;
  /** Most admitted calls that started within any rolling 60 sandbox seconds. */
  peakPerMinute: number;
  /** Most admitted calls in flight at once. */
  peakConcurrent: number;
  /** Most admitted calls within any rolling 24 sandbox hours. */
  peakPerDay: number;
  /** Calls the sandbox had already dropped from its log before we read them (the figures then undercount). */
  dropped: number;
  within: boolean;
  /** Why not, in words (empty when within). */
  breaches: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Most starts inside any window (t - width, t] — the sandbox limiter's rolling rule. */
export function peakInWindow(startsSorted: number[], width: number): number {
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < startsSorted.length; hi++) {
    while (startsSorted[lo] <= startsSorted[hi] - width) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

/** Most intervals open at once; an end at the same instant as a start frees its slot first. */
export function peakOverlap(calls: Array<{ startMs: number; endMs: number | null }>): number {
  const events: Array<[number, number]> = [];
  for (const c of calls) {
    events.push([c.startMs, +1]);
    if (c.endMs !== null) events.push([c.endMs, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of events) {
    open += d;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** The figures of one organisation for our app's calls (other apps, such as a reader, are not ours). */
export function orgLimitFigures(
  calls: LoggedCall[],
  clientId: string,
  dropped: number,
  limits: XeroLimits = XERO_LIMITS,
): OrgLimitFigures {
  const ours = calls.filter((c) => c.clientId === clientId);
  const admitted = ours.filter((c) => !c.problem);
  const refused: Record<string, number> = {};
  for (const c of ours) if (c.problem) refused[c.problem] = (refused[c.problem] ?? 0) + 1;
  const starts = admitted.map((c) => c.startMs).sort((a, b) => a - b);
  const f = {
    admitted: admitted.length,
    refused,
    peakPerMinute: peakInWindow(starts, MINUTE),
    peakConcurrent: peakOverlap(admitted),
    peakPerDay: peakInWindow(starts, DAY),
    dropped,
  };
  const breaches: string[] = [];
  if (f.peakPerMinute > limits.perMinute)
    breaches.push(`${f.peakPerMinute} calls in a minute (limit ${limits.perMinute})`);
  if (f.peakConcurrent > limits.concurrent)
    breaches.push(`${f.peakConcurrent} calls in flight (limit ${limits.concurrent})`);
  if (f.peakPerDay > limits.perDay) breaches.push(`${f.peakPerDay} calls in a day (limit ${limits.perDay})`);
  const refusals = Object.values(refused).reduce((a, b) => a + b, 0);
  if (refusals > limits.refusalsAllowed)
    breaches.push(
      `${refusals} calls refused with 429 (${Object.entries(refused)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}; allowed ${limits.refusalsAllowed})`,
    );
  if (dropped > 0) breaches.push(`the sandbox dropped ${dropped} calls from its log before they were read`);
  return { ...f, within: breaches.length === 0, breaches };
}
