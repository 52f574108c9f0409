import { ApiProperty } from '@nestjs/swagger';
import type { BillingPhase, PlanId } from '#lb/billing';
import type { BillingOverview, EntitlementsView, PlanView, PriceView, UsageView } from './billing.views';

export class EntitlementsResponse implements EntitlementsView {
  @ApiProperty({ type: Number, nullable: true, description: 'Integration pairs that may sync; null = unlimited' })
  integrationPairs: number | null;
  @ApiProperty({ type: [String], description: 'Canonical entities a flow may carry' }) entities: string[];
  @ApiProperty({ description: 'Xero webhooks as a trigger' }) realTime: boolean;
  @ApiProperty({ description: 'Shortest schedule or X3 poll interval, seconds' }) minPollSeconds: number;
  @ApiProperty() reconciliation: boolean;
  @ApiProperty({ description: 'Fair use: records synced per calendar month (UTC)' }) recordsPerMonth: number;
  @ApiProperty() supportSla: boolean;
}

export class PriceResponse implements PriceView {
  @ApiProperty({ enum: ['month', 'year'] }) interval: 'month' | 'year';
  @ApiProperty({ example: 'growth_monthly' }) lookupKey: string;
  @ApiProperty({ example: 'gbp' }) currency: string;
  @ApiProperty({ example: '79.00', description: 'Decimal text in the currency’s units' }) amount: string;
  @ApiProperty({ type: String, nullable: true, description: "Stripe's tax_behavior: exclusive, inclusive" })
  taxBehavior: string | null;
}

export class PlanResponse implements PlanView {
  @ApiProperty({ enum: ['starter', 'growth', 'scale'] }) id: PlanId;
  @ApiProperty() name: string;
  @ApiProperty({ type: EntitlementsResponse }) entitlements: EntitlementsResponse;
  @ApiProperty({ description: 'False when Stripe could not be asked for prices just now' }) pricesAvailable: boolean;
  @ApiProperty({ type: [PriceResponse] }) prices: PriceResponse[];
}

export class BannerResponse {
  @ApiProperty({
    enum: [
      'trial_ending',
      'trial_expired',
      'past_due',
      'suspended',
      'cancel_at_period_end',
      'canceled',
      'fair_use_exceeded',
      'fair_use_paused',
    ],
  })
  kind:
    | 'trial_ending'
    | 'trial_expired'
    | 'past_due'
    | 'suspended'
    | 'cancel_at_period_end'
    | 'canceled'
    | 'fair_use_exceeded'
    | 'fair_use_paused';
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) until: string | null;
}

class UsageCountResponse {
  @ApiProperty() used: number;
  @ApiProperty({ type: Number, nullable: true }) limit: number | null;
}

class MonthlyUsageResponse {
  @ApiProperty() used: number;
  @ApiProperty() limit: number;
  @ApiProperty({ format: 'date-time', description: 'Start of the UTC month counted' }) since: string;
  @ApiProperty({ description: 'Writes pause at this count: the allowance and its 10% grace' }) stopAt: number;
  @ApiProperty({ description: 'Past stopAt: new writes wait for the next month or a larger plan' }) paused: boolean;
}

export class UsageResponse implements UsageView {
  @ApiProperty({ type: UsageCountResponse }) integrationPairs: UsageCountResponse;
  @ApiProperty({ type: MonthlyUsageResponse }) recordsThisMonth: MonthlyUsageResponse;
}

export class BillingIntegrationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Paused for billing (beyond the plan’s pairs, or sync not allowed)' })
  billingPaused: boolean;
  @ApiProperty({ description: 'Writes wait: the month’s fair use and its grace are used up' })
  fairUsePaused: boolean;
}

export class PlanPausedFlowResponse {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty() integrationName: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty({ description: 'What of the plan the flow goes beyond, in words for the user' }) reason: string;
}

export class BillingOverviewResponse implements BillingOverview {
  @ApiProperty({ enum: ['trial', 'trial_expired', 'active', 'past_due', 'suspended', 'canceled'] }) phase: BillingPhase;
  @ApiProperty({
    enum: ['starter', 'growth', 'scale'],
    description: 'The plan whose entitlements apply (Growth in trial)',
  })
  plan: PlanId;
  @ApiProperty({ type: EntitlementsResponse }) entitlements: EntitlementsResponse;
  @ApiProperty({ description: 'False: flows are paused for billing' }) syncAllowed: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) trialEndsAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) graceUntil: string | null;
  @ApiProperty({ type: [BannerResponse] }) banners: BannerResponse[];
  @ApiProperty({ description: "Stripe's subscription status, or 'none'" }) status: string;
  @ApiProperty({ type: String, nullable: true }) subscribedPlan: string | null;
  @ApiProperty({ type: String, nullable: true }) interval: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) currentPeriodEnd: string | null;
  @ApiProperty() cancelAtPeriodEnd: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'VAT/GST number collected at checkout' }) taxId:
    string | null;
  @ApiProperty({ description: 'A Stripe customer exists: the portal can open' }) hasCustomer: boolean;
  @ApiProperty({ type: UsageResponse }) usage: UsageResponse;
  @ApiProperty({ type: [BillingIntegrationResponse] }) integrations: BillingIntegrationResponse[];
  @ApiProperty({
    type: [PlanPausedFlowResponse],
    description: 'Flows the plan in force does not include: paused, nothing deleted',
  })
  pausedFlows: PlanPausedFlowResponse[];
}

export class BillingRedirectResponse {
  @ApiProperty({ description: 'Where to send the browser (Stripe Checkout or the customer portal)' }) url: string;
}
