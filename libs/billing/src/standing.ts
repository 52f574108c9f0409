// Where a tenant stands with billing, from its account row and the time: pure, so the api's
// answers and the worker's pauses agree on one reading.
import { Entitlements, isPlanId, PlanId, PLANS, TRIAL_PLAN } from './plans';

export type BillingPhase = 'trial' | 'trial_expired' | 'active' | 'past_due' | 'suspended' | 'canceled';

export type BannerKind =
  | 'trial_ending'
  | 'trial_expired'
  | 'past_due'
  | 'suspended'
  | 'cancel_at_period_end'
  | 'canceled'
  | 'fair_use_exceeded'
  | 'fair_use_paused';

export interface Banner {
  kind: BannerKind;
  message: string;
  /** When the state described changes (trial end, grace end, period end), UTC ISO. */
  until: string | null;
}

export interface AccountFacts {
  status: string;
  plan: string | null;
  trialEnd: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceUntil: Date | null;
}

export interface BillingSettings {
  trialDays: number;
  graceDays: number;
}

export interface Standing {
  phase: BillingPhase;
  /** The plan whose entitlements apply (the trial's is Growth). */
  plan: PlanId;
  entitlements: Entitlements;
  /** False: every integration carries the 'billing' pause reason. */
  syncAllowed: boolean;
  trialEndsAt: string | null;
  graceUntil: string | null;
  banners: Banner[];
}

const DAY_MS = 86_400_000;
const TRIAL_ENDING_NOTICE_MS = 3 * DAY_MS;

/** The trial of a tenant that never subscribed: from sign-up (the tenant's creation) for trialDays. */
export function signUpTrialEnd(tenantCreatedAt: Date, s: BillingSettings): Date {
  return new Date(tenantCreatedAt.getTime() + s.trialDays * DAY_MS);
}

export function standingOf(
  account: AccountFacts | null,
  tenantCreatedAt: Date,
  now: Date,
  s: BillingSettings,
): Standing {
  const status = account?.status ?? 'none';
  const paidPlan: PlanId = isPlanId(account?.plan) ? account.plan : TRIAL_PLAN;
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

  // Never subscribed, or a checkout that never completed: the sign-up trial decides.
  if (status === 'none' || status === 'incomplete' || status === 'incomplete_expired') {
    const end = signUpTrialEnd(tenantCreatedAt, s);
    return end > now ? trial(end) : expired(end);
  }
  if (status === 'trialing') {
    const end = account?.trialEnd ?? signUpTrialEnd(tenantCreatedAt, s);
    return end > now ? trial(end, paidPlan) : expired(end);
  }
  // Stripe pauses a subscription whose trial ended without a payment method.
  if (status === 'paused') return expired(account?.trialEnd ?? null);
  if (status === 'active') {
    const banners: Banner[] = account?.cancelAtPeriodEnd
      ? [banner('cancel_at_period_end', 'Your subscription ends at the end of this period', account.currentPeriodEnd)]
      : [];
    return standing('active', paidPlan, true, null, null, banners);
  }
  if (status === 'past_due') {
    const graceUntil = account?.graceUntil ?? new Date(now.getTime() + s.graceDays * DAY_MS);
    if (graceUntil > now) {
      return standing('past_due', paidPlan, true, null, graceUntil, [
        banner('past_due', 'Your last payment failed; update your card before sync pauses', graceUntil),
      ]);
    }
    return suspended(graceUntil);
  }
  if (status === 'unpaid') return suspended(account?.graceUntil ?? null);
  return standing('canceled', paidPlan, false, null, null, [
    banner('canceled', 'Your subscription has ended; choose a plan to resume sync (nothing was deleted)', null),
  ]);

  function trial(end: Date, plan: PlanId = TRIAL_PLAN): Standing {
    const banners =
      end.getTime() - now.getTime() <= TRIAL_ENDING_NOTICE_MS
        ? [banner('trial_ending', 'Your trial ends soon; choose a plan to keep syncing', end)]
        : [];
    // A trial has Growth's entitlements whatever plan was picked at checkout.
    return {
      ...standing('trial', plan, true, end, null, banners),
      plan: TRIAL_PLAN,
      entitlements: PLANS[TRIAL_PLAN].entitlements,
    };
  }
  function expired(end: Date | null): Standing {
    return standing('trial_expired', paidPlan, false, end, null, [
      banner('trial_expired', 'Your trial has ended; choose a plan to resume sync (nothing was deleted)', end),
    ]);
  }
  function suspended(graceUntil: Date | null): Standing {
    return standing('suspended', paidPlan, false, null, graceUntil, [
      banner('suspended', 'Sync is paused until the overdue invoice is paid (nothing was deleted)', null),
    ]);
  }
  function standing(
    phase: BillingPhase,
    plan: PlanId,
    syncAllowed: boolean,
    trialEnd: Date | null,
    grace: Date | null,
    banners: Banner[],
  ): Standing {
    return {
      phase,
      plan,
      entitlements: PLANS[plan].entitlements,
      syncAllowed,
      trialEndsAt: iso(trialEnd),
      graceUntil: iso(grace),
      banners,
    };
  }
  function banner(kind: BannerKind, message: string, until: Date | null): Banner {
    return { kind, message, until: iso(until) };
  }
}

/**
 * Which integrations may sync: none when sync is not allowed; else the owner's choice first, then
 * the oldest, up to the plan's number of pairs. A downgrade never deletes: the rest are paused.
 */
export function activeIntegrations(
  integrationIds: readonly string[],
  chosen: readonly string[] | null,
  standing: Pick<Standing, 'syncAllowed' | 'entitlements'>,
): Set<string> {
  if (!standing.syncAllowed) return new Set();
  const limit = standing.entitlements.integrationPairs ?? Infinity;
  const ordered = [...(chosen ?? []).filter((id) => integrationIds.includes(id)), ...integrationIds];
  return new Set([...new Set(ordered)].slice(0, limit));
}
