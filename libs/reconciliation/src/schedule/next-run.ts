// When a scheduled reconciliation next runs, and the day it reconciles as of. Every cadence
// reconciles the day before it runs, so the period it looks at is closed: daily → yesterday,
// weekly (Mondays) → Sunday, monthly (the 1st) → the last day of the month before: the month end.

export const RECON_CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type ReconCadence = (typeof RECON_CADENCES)[number];

const DAY_MS = 86_400_000;

function isRunDay(cadence: ReconCadence, day: Date): boolean {
  if (cadence === 'weekly') return day.getUTCDay() === 1;
  if (cadence === 'monthly') return day.getUTCDate() === 1;
  return true;
}

/** The first run instant strictly after `after`: `hourUtc`:00 UTC on a day the cadence runs. */
export function nextRunAt(cadence: ReconCadence, hourUtc: number, after: Date): Date {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23) throw new RangeError(`hour ${hourUtc} is not 0–23`);
  const day = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate()));
  // at most 31 days ahead for a monthly schedule; a bound, never reached otherwise
  for (let i = 0; i <= 32; i++) {
    const candidate = new Date(day.getTime() + i * DAY_MS + hourUtc * 3_600_000);
    if (candidate.getTime() > after.getTime() && isRunDay(cadence, candidate)) return candidate;
  }
  throw new Error(`no ${cadence} run within 32 days of ${after.toISOString()}`);
}

/**
 * The day a run queued at `now` reconciles as of (YYYY-MM-DD): the UTC day before the latest run
 * instant at or before `now`. A run late after an outage still reconciles its period: a monthly
 * run queued on the 8th reconciles the month end, a daily one the latest closed day.
 */
export function asOfFor(cadence: ReconCadence, hourUtc: number, now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = 0; i <= 32; i++) {
    const candidate = new Date(today - i * DAY_MS + hourUtc * 3_600_000);
    if (candidate.getTime() <= now.getTime() && isRunDay(cadence, candidate))
      return new Date(today - (i + 1) * DAY_MS).toISOString().slice(0, 10);
  }
  throw new Error(`no ${cadence} run within 32 days before ${now.toISOString()}`);
}
