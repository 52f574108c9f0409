// What the app's Xero tier includes and what each of our plans allows a tenant (fair use).
// Configuration (docs/operations.md, "Xero cost meter"): XERO_APP_TIER, XERO_TIER_EGRESS_GB,
// XERO_EGRESS_AUD_PER_GB, LB_PLAN_ALLOWANCES, LB_DEFAULT_PLAN.

export const XERO_TIERS = ['starter', 'core', 'plus', 'advanced', 'enterprise'] as const;
export type XeroTier = (typeof XERO_TIERS)[number];

/** Included egress per month in GB (10^9 bytes); null = no cap (Starter) or negotiated (Enterprise). */
export const TIER_EGRESS_GB: Record<XeroTier, string | null> = {
  starter: null,
  core: '10',
  plus: '50',
  advanced: '250',
  enterprise: null,
};

/** Calls per organisation per rolling day on each tier (Starter 1,000; others 5,000). */
export const TIER_DAY_CALLS: Record<XeroTier, number> = {
  starter: 1000,
  core: 5000,
  plus: 5000,
  advanced: 5000,
  enterprise: 5000,
};

export interface TierAllowance {
  tier: XeroTier;
  /** Included egress per month in GB, decimal text; null = not capped. */
  egressGbPerMonth: string | null;
  /** Overage price per GB beyond the included egress, AUD decimal text. */
  overageAudPerGb: string;
}

export interface PlanAllowance {
  plan: string;
  callsPerDay: number;
  /** Fair-use egress per organisation per month, MB (10^6 bytes). */
  mbPerMonth: number;
}

export interface UsageAllowances {
  tier: TierAllowance;
  plans: Record<string, PlanAllowance>;
  defaultPlan: string;
}

/** "standard=2500/1000,pro=5000/5000": plan=callsPerDay/MBPerMonth, comma separated. */
export const PLAN_ALLOWANCES_PATTERN = /^[a-z][a-z0-9-]*=\d+\/\d+(,[a-z][a-z0-9-]*=\d+\/\d+)*$/;

export function parsePlanAllowances(text: string): Record<string, PlanAllowance> {
  if (!PLAN_ALLOWANCES_PATTERN.test(text)) throw new RangeError(`plan allowances "${text}" are not plan=calls/MB,…`);
  return Object.fromEntries(
    text.split(',').map((entry) => {
      const [plan, rest] = entry.split('=');
      const [calls, mb] = rest.split('/').map(Number);
      return [plan, { plan, callsPerDay: calls, mbPerMonth: mb }];
    }),
  );
}

export interface AllowanceConfig {
  XERO_APP_TIER: string;
  XERO_TIER_EGRESS_GB?: string;
  XERO_EGRESS_AUD_PER_GB: string;
  LB_PLAN_ALLOWANCES: string;
  LB_DEFAULT_PLAN: string;
}

export function allowancesFrom(c: AllowanceConfig): UsageAllowances {
  const tier = c.XERO_APP_TIER as XeroTier;
  const plans = parsePlanAllowances(c.LB_PLAN_ALLOWANCES);
  if (!plans[c.LB_DEFAULT_PLAN])
    throw new RangeError(`LB_DEFAULT_PLAN ${c.LB_DEFAULT_PLAN} is not in LB_PLAN_ALLOWANCES`);
  return {
    tier: {
      tier,
      egressGbPerMonth: c.XERO_TIER_EGRESS_GB || TIER_EGRESS_GB[tier],
      overageAudPerGb: c.XERO_EGRESS_AUD_PER_GB,
    },
    plans,
    defaultPlan: c.LB_DEFAULT_PLAN,
  };
}
