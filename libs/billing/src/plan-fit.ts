// Whether a flow fits the plan in force, and where the fair-use allowance stops: pure, so the api's
// refusals, the worker's pauses and the SPA's wording agree.
import { Entitlements, PlanId, PLANS } from './plans';

export interface FlowShape {
  entity: string;
  trigger: { kind: string; everySeconds?: number };
  enabled: boolean;
}

export interface PlanMiss {
  entitlement: 'entities' | 'realTime' | 'minPollSeconds';
  message: string;
}

/** What of the plan a flow switched on goes beyond; null when it fits (or is switched off). */
export function planMissOf(flow: FlowShape, plan: PlanId, e: Entitlements): PlanMiss | null {
  if (!flow.enabled) return null;
  const name = PLANS[plan].name;
  if (!e.entities.includes(flow.entity as never)) {
    return {
      entitlement: 'entities',
      message: `The ${name} plan does not include ${flow.entity} flows; upgrade to switch this one on`,
    };
  }
  if (flow.trigger.kind === 'webhook' && !e.realTime) {
    return {
      entitlement: 'realTime',
      message: `The ${name} plan does not include real-time sync; use a schedule of at least ${e.minPollSeconds / 60} minutes`,
    };
  }
  if (typeof flow.trigger.everySeconds === 'number' && flow.trigger.everySeconds < e.minPollSeconds) {
    return {
      entitlement: 'minPollSeconds',
      message: `The ${name} plan polls at most every ${e.minPollSeconds / 60} minutes`,
    };
  }
  return null;
}

/**
 * Fair use is soft: writes go on past the allowance (with a banner) until this share over it, then
 * new writes wait (the 'fair_use' pause) until the month rolls over or the plan grows.
 */
export const FAIR_USE_GRACE_PERCENT = 10;

/** The count at which writes pause: the allowance plus its grace, whole records. */
export function fairUseStop(recordsPerMonth: number): number {
  // whole-number arithmetic: 50,000 × 1.1 in floating point is 55,000.000…01
  return recordsPerMonth + Math.ceil((recordsPerMonth * FAIR_USE_GRACE_PERCENT) / 100);
}

/** The start of the next calendar month, UTC: when the count starts again. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}
