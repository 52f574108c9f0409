// Measures the Xero benches share, all read from the sandbox's side of the wire: the records its
// store holds under our own references (InvoiceNumber, ContactNumber) with the time it stored them
// on its own clock, and from those the steady-state rate, lost and duplicated records. Nothing here
// reads our product's tables or uses its code: a bug there cannot flatter these figures.
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Xero's ceiling for one organisation: calls a minute × 50 records a call. */
export const XERO_MAX_BATCH = 50;

/** One record in the sandbox's store: our reference, its status, and when the sandbox stored it (sandbox ms). */
export interface StoredRecord {
  ref: string;
  status: string;
  atMs: number;
}

/** The sandbox's clock now (sandbox ms): the start of a run's first minute. */
export async function sandboxNow(sandboxUrl: string): Promise<number> {
  const res = await fetch(`${sandboxUrl}/xero-control/clock`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`sandbox clock answered ${res.status}`);
  return Date.parse(((await res.json()) as { now: string }).now);
}

/**
 * Every `kind` record of the organisation in the sandbox's own database (SANDBOX_DATABASE_URL),
 * keyed by `refField`. The time is the record's UpdatedDateUTC, which the sandbox stamps from its
 * clock when the write commits: for records written once (these benches create them), the moment
 * the sandbox confirmed them.
 */
export async function storedRecords(
  sandboxDatabaseUrl: string,
  orgId: string,
  kind: 'Invoice' | 'Contact',
  refField: 'InvoiceNumber' | 'ContactNumber',
): Promise<StoredRecord[]> {
  const db = new Client({ connectionString: sandboxDatabaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ ref: string | null; status: string | null; updated: string | null; ms: string }>(
      `SELECT doc->>$3 AS ref, coalesce(doc->>'Status', doc->>'ContactStatus') AS status,
              doc->>'UpdatedDateUTC' AS updated, updated_ms AS ms
       FROM xero_entities WHERE org_id = $1 AND kind = $2`,
      [orgId, kind, refField],
    );
    return rows.map((r) => ({
      ref: r.ref ?? '',
      status: r.status ?? '',
      atMs: Number(/\/Date\((-?\d+)/.exec(r.updated ?? '')?.[1] ?? r.ms),
    }));
  } finally {
    await db.end();
  }
}

const GONE = new Set(['DELETED', 'VOIDED', 'ARCHIVED']);

/**
 * What the sandbox holds of the records we meant to write: lost = references with no live copy,
 * duplicated = live copies beyond the first (each extra one a record written twice).
 */
export function tally(expected: Iterable<string>, stored: StoredRecord[]) {
  const copies = new Map<string, number>();
  for (const r of stored) if (!GONE.has(r.status)) copies.set(r.ref, (copies.get(r.ref) ?? 0) + 1);
  const lostRefs: string[] = [];
  let wanted = 0;
  for (const ref of expected) {
    wanted++;
    if (!copies.get(ref)) lostRefs.push(ref);
  }
  const wantedSet = new Set(expected);
  const duplicatedRefs = [...copies].filter(([ref, n]) => n > 1 && wantedSet.has(ref)).map(([ref]) => ref);
  const duplicated = duplicatedRefs.reduce((sum, ref) => sum + copies.get(ref)! - 1, 0);
  return { wanted, lost: lostRefs.length, lostRefs, duplicated, duplicatedRefs };
}

/**
 * Records per sandbox minute from `startMs` (the sandbox's clock when the writing began). Minute 0
 * is the burst (a rolling 60-call window admits its first 60 calls at once) and is reported apart;
 * the steady state is the mean of the FULL minutes after it — minutes 1 … n-1 where the last record
 * falls in minute n (partial, left out). Since each full minute is a window of 60 sandbox seconds,
 * a limiter that keeps 60 calls a minute cannot make it exceed calls × 50 (see bench/README.md for
 * the one-call jitter of commit times).
 */
export function steadyRate(timesMs: number[], startMs: number) {
  const perMinute: number[] = [];
  let lastMs = 0;
  for (const t of timesMs) {
    const ms = Math.max(0, t - startMs);
    const minute = Math.floor(ms / 60_000);
    while (perMinute.length <= minute) perMinute.push(0);
    perMinute[minute]++;
    lastMs = Math.max(lastMs, ms);
  }
  const full = perMinute.slice(1, Math.floor(lastMs / 60_000));
  return {
    records: timesMs.length,
    perMinute,
    sandboxMinutes: lastMs / 60_000,
    firstMinute: perMinute[0] ?? 0,
    fullMinutes: full.length,
    perFullMinute: full.length ? full.reduce((a, b) => a + b, 0) / full.length : 0,
  };
}

/** The ceiling-ratio metric: the steady state over the ceiling, missed below `target` (0.9) or with under 5 full minutes. */
export function ceilingRatioMetric(
  name: string,
  rate: ReturnType<typeof steadyRate>,
  minuteLimit: number,
  o: { target?: number; minFullMinutes?: number } = {},
) {
  const target = o.target ?? 0.9;
  const minFullMinutes = o.minFullMinutes ?? 5;
  const ceiling = minuteLimit * XERO_MAX_BATCH;
  const ratio = rate.perFullMinute / ceiling;
  const enough = rate.fullMinutes >= minFullMinutes;
  const note = !enough
    ? `only ${rate.fullMinutes} full sandbox minutes after the first (needs ${minFullMinutes}): the run was too short to measure`
    : ratio < target
      ? `steady state ${Math.round(rate.perFullMinute)} records/min; per minute ${JSON.stringify(rate.perMinute)}`
      : undefined;
  return {
    name,
    value: Number(ratio.toFixed(3)),
    unit: `ratio (records stored per full sandbox minute after the first, mean of ${rate.fullMinutes}, / ${ceiling} = ${minuteLimit} calls × ${XERO_MAX_BATCH})`,
    target: `>= ${target} over >= ${minFullMinutes} full minutes`,
    met: enough && ratio >= target,
    ...(note ? { note } : {}),
  };
}

/** Peak resident set of another process (Linux /proc), sampled every 0.5 s. */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout | undefined;

  watch(pid: number): void {
    this.stop();
    const sample = () => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        this.peakKb = Math.max(this.peakKb, kb);
      } catch {
        // the process has exited
      }
    };
    sample();
    this.timer = setInterval(sample, 500);
  }

  peakMb(): number {
    return Math.round(this.peakKb / 1024);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
