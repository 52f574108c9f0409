// How long a flow's backfill takes at the organisation's pace: the backfill purpose gets what is
// left above its reserve today, then its full share each following Xero day (a rolling day: calls
// made now are free again a day later), spent at the minute limit while the day lasts.
import { CallPurpose, DayPlan, callsLeftFor, dayCallsFor } from './call-purposes';
import { XERO_DAY_MS } from './poll-intervals';

/** Records a batch write carries (Xero takes ~50 a request). */
export const RECORDS_PER_BATCH = 50;

export interface BackfillEtaInput {
  /** Pending changes in the flow's backfill lane. */
  pending: number;
  plan: DayPlan;
  /** Calls Xero says are left of the organisation's rolling day (X-DayLimit-Remaining). */
  remainingToday: number;
  /** Records written per Xero call the drain achieves; see recordsPerCall. */
  recordsPerCall: number;
  /** Calls per Xero minute (60). */
  minuteLimit?: number;
  /** A Xero day on the caller's clock (86,400,000 / clock scale). */
  dayMs?: number;
  now?: Date;
  purpose?: CallPurpose;
}

export interface BackfillEta {
  calls: number;
  /** Calls the backfill may still make today and on each later day. */
  callsToday: number;
  callsPerDay: number;
  /** Xero days after today it still needs (0 = it finishes within today's share). */
  laterDays: number;
  /** Xero days it runs on, today included: 9 for 250,000 records on a fresh 1,000-call day. */
  days: number;
  /** Calls needed / calls per day: the day-equivalents of the work (8.33 for 250,000 on 1,000). */
  dayEquivalents: number;
  /** An estimate; null when the plan leaves the backfill no calls at all. */
  finishesAt: Date | null;
}

/**
 * Records per call: `batchSize` records per write, plus the lookups a batch needs (reads that find
 * existing records or resolve an unclear outcome). 50 / (1 + 0) = 50; with one lookup a batch, 25.
 */
export function recordsPerCall(lookupsPerBatch = 0, batchSize = RECORDS_PER_BATCH): number {
  return batchSize / (1 + Math.max(0, lookupsPerBatch));
}

/** What the drain measured (records settled / calls spent), or the batch size before it has spent any. */
export function achievedRecordsPerCall(records: number, calls: number): number {
  return calls > 0 && records > 0 ? records / calls : RECORDS_PER_BATCH;
}

export function backfillEta(input: BackfillEtaInput): BackfillEta {
  const dayMs = input.dayMs ?? XERO_DAY_MS;
  const minuteMs = dayMs / 1440;
  const minuteLimit = input.minuteLimit ?? 60;
  const now = input.now ?? new Date();
  const purpose = input.purpose ?? 'backfill';
  const calls = Math.ceil(Math.max(0, input.pending) / Math.max(input.recordsPerCall, Number.EPSILON));
  const callsPerDay = dayCallsFor(purpose, input.plan);
  const callsToday = callsLeftFor(purpose, input.plan, input.remainingToday);
  const spendMs = (n: number) => Math.ceil(n / minuteLimit) * minuteMs;
  if (calls <= callsToday) {
    const finishesAt = new Date(now.getTime() + spendMs(calls));
    const dayEquivalents = callsPerDay > 0 ? calls / callsPerDay : 0;
    return { calls, callsToday, callsPerDay, laterDays: 0, days: 1, dayEquivalents, finishesAt };
  }
  if (callsPerDay <= 0) {
    return {
      calls,
      callsToday,
      callsPerDay,
      laterDays: Infinity,
      days: Infinity,
      dayEquivalents: Infinity,
      finishesAt: null,
    };
  }
  // Today's calls are free again a day after they were made: day k's share opens at now + k days.
  const rest = calls - callsToday;
  const laterDays = Math.ceil(rest / callsPerDay);
  const lastDayCalls = rest - (laterDays - 1) * callsPerDay;
  const finishesAt = new Date(now.getTime() + laterDays * dayMs + spendMs(lastDayCalls));
  return {
    calls,
    callsToday,
    callsPerDay,
    laterDays,
    days: laterDays + 1,
    dayEquivalents: calls / callsPerDay,
    finishesAt,
  };
}
