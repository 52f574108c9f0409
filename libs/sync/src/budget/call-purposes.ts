// What each kind of Xero work may take of an organisation's day. Shares are guaranteed floors for
// the higher purposes, not caps: a purpose may spend anything the purposes above it leave, so a
// quiet day lets a backfill run to its own limit and a busy one keeps the user's calls free.
import { LANES } from '../pending/lanes';

/** Highest first: interactive > webhook > polling > comparison = reconciliation > backfill. */
export const CALL_PURPOSES = ['interactive', 'webhook', 'polling', 'comparison', 'reconciliation', 'backfill'] as const;
export type CallPurpose = (typeof CALL_PURPOSES)[number];

/** Lower rank = served first; comparison and reconciliation share a rank. */
export const PURPOSE_RANK: Readonly<Record<CallPurpose, number>> = {
  interactive: 0,
  webhook: 1,
  polling: 2,
  comparison: 3,
  reconciliation: 3,
  backfill: 4,
};

/**
 * Per mille of the day limit set aside for each purpose (integers: no float rounding in budgets).
 * 1,000-call day: 100 interactive, 100 webhook fetches (5,000 events at 50 ids a call), 100 polling,
 * 50 comparison, 50 reconciliation, and the 600 left over are what a backfill may take.
 */
export const PURPOSE_SHARES_PER_MILLE: Readonly<Record<CallPurpose, number>> = {
  interactive: 100,
  webhook: 100,
  polling: 100,
  comparison: 50,
  reconciliation: 50,
  backfill: 600,
};

/** The organisation's day: 5,000 calls, or 1,000 on Xero's 2026 Starter tier. */
export interface DayPlan {
  dayLimit: number;
}

/** Per mille of the day a purpose must leave for the purposes ranked above it. */
export function reservePerMille(purpose: CallPurpose): number {
  return CALL_PURPOSES.filter((p) => PURPOSE_RANK[p] < PURPOSE_RANK[purpose]).reduce(
    (sum, p) => sum + PURPOSE_SHARES_PER_MILLE[p],
    0,
  );
}

/**
 * How many calls of the day `purpose` must leave for the higher ones: the `dayReserve` to pass to
 * XeroOrg.call / BatchWriter.send (the rate limiter refuses the call when no more than that is left).
 */
export function dayReserveFor(purpose: CallPurpose, plan: DayPlan): number {
  return Math.floor((plan.dayLimit * reservePerMille(purpose)) / 1000);
}

/** The most calls of a full day `purpose` can get (everything above its reserve). */
export function dayCallsFor(purpose: CallPurpose, plan: DayPlan): number {
  return plan.dayLimit - dayReserveFor(purpose, plan);
}

/** Calls `purpose` may still make when `remaining` calls are left of the organisation's day. */
export function callsLeftFor(purpose: CallPurpose, plan: DayPlan, remaining: number): number {
  return Math.max(0, Math.min(remaining, plan.dayLimit) - dayReserveFor(purpose, plan));
}

/** The purpose a drain of a pending-change lane spends its calls as. */
export function purposeOfLane(lane: number): CallPurpose {
  switch (lane) {
    case LANES.interactive:
      return 'interactive';
    case LANES.webhook:
      return 'webhook';
    case LANES.polling:
      return 'polling';
    default:
      return 'backfill';
  }
}
