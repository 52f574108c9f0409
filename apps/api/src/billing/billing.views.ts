import type { Banner, BillingPhase, PlanId } from '#lb/billing';

export interface EntitlementsView {
  integrationPairs: number | null;
  entities: string[];
  realTime: boolean;
  minPollSeconds: number;
  reconciliation: boolean;
  recordsPerMonth: number;
  supportSla: boolean;
}

export interface PriceView {
  interval: 'month' | 'year';
  lookupKey: string;
  currency: string;
  /** Decimal text in the currency's units, e.g. "29.00". */
  amount: string;
  taxBehavior: string | null;
}

export interface PlanView {
  id: PlanId;
  name: string;
  entitlements: EntitlementsView;
  pricesAvailable: boolean;
  prices: PriceView[];
}

export interface UsageView {
  integrationPairs: { used: number; limit: number | null };
  /** Records written this UTC month; writes pause at stopAt (the allowance and its grace). */
  recordsThisMonth: { used: number; limit: number; since: string; stopAt: number; paused: boolean };
}

export interface BillingOverview {
  phase: BillingPhase;
  plan: PlanId;
  entitlements: EntitlementsView;
  syncAllowed: boolean;
  trialEndsAt: string | null;
  graceUntil: string | null;
  banners: Banner[];
  status: string;
  subscribedPlan: string | null;
  interval: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  taxId: string | null;
  hasCustomer: boolean;
  usage: UsageView;
  integrations: Array<{ id: string; name: string; billingPaused: boolean; fairUsePaused: boolean }>;
  /** Flows switched on that the plan in force does not include: paused on their own, with why. */
  pausedFlows: Array<{
    integrationId: string;
    integrationName: string;
    flowKey: string;
    entity: string;
    reason: string;
  }>;
}
