// Plans and what each entitles (issue 15). Prices live in Stripe, found by lookup_key
// (`<plan>_<interval>`), so a price change is made in Stripe and needs no deploy.
import { CANONICAL_ENTITIES, CanonicalEntity } from '#lb/mapping';

export const PLAN_IDS = ['starter', 'growth', 'scale'] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const INTERVALS = ['month', 'year'] as const;
export type BillingInterval = (typeof INTERVALS)[number];

export interface Entitlements {
  /** Integration pairs that may sync at once; null = unlimited. */
  integrationPairs: number | null;
  /** Canonical entities a flow may carry. */
  entities: readonly CanonicalEntity[];
  /** Xero webhooks (real-time) as a flow trigger. */
  realTime: boolean;
  /** The shortest schedule or X3 poll interval a flow may have. */
  minPollSeconds: number;
  reconciliation: boolean;
  /** Fair use: records synced per calendar month (UTC), summed over the tenant's integrations. */
  recordsPerMonth: number;
  supportSla: boolean;
}

export interface Plan {
  id: PlanId;
  name: string;
  entitlements: Entitlements;
}

/** Master data and invoices: what a first integration needs to be useful. */
export const CORE_ENTITIES: readonly CanonicalEntity[] = [
  'customer',
  'supplier',
  'product',
  'account',
  'taxCode',
  'invoice',
];

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  starter: {
    id: 'starter',
    name: 'Starter',
    entitlements: {
      integrationPairs: 1,
      entities: CORE_ENTITIES,
      realTime: false,
      minPollSeconds: 900,
      reconciliation: false,
      recordsPerMonth: 5_000,
      supportSla: false,
    },
  },
  growth: {
    id: 'growth',
    name: 'Growth',
    entitlements: {
      integrationPairs: 3,
      entities: CANONICAL_ENTITIES,
      realTime: true,
      minPollSeconds: 5,
      reconciliation: true,
      recordsPerMonth: 50_000,
      supportSla: false,
    },
  },
  scale: {
    id: 'scale',
    name: 'Scale',
    entitlements: {
      integrationPairs: null,
      entities: CANONICAL_ENTITIES,
      realTime: true,
      minPollSeconds: 5,
      reconciliation: true,
      recordsPerMonth: 500_000,
      supportSla: true,
    },
  },
};

/** The trial has Growth's entitlements, so the one-click sandbox shows real-time sync. */
export const TRIAL_PLAN: PlanId = 'growth';

export function lookupKey(plan: PlanId, interval: BillingInterval): string {
  return `${plan}_${interval === 'month' ? 'monthly' : 'yearly'}`;
}

/** The plan and interval of a Stripe price's lookup_key; null for a price that is not ours. */
export function planOfLookupKey(key: string | null | undefined): { plan: PlanId; interval: BillingInterval } | null {
  const m = /^(starter|growth|scale)_(monthly|yearly)$/.exec(key ?? '');
  return m ? { plan: m[1] as PlanId, interval: m[2] === 'monthly' ? 'month' : 'year' } : null;
}

export function isPlanId(v: unknown): v is PlanId {
  return typeof v === 'string' && (PLAN_IDS as readonly string[]).includes(v);
}
