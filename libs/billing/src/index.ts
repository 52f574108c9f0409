// Billing (issue 15): plans and entitlements, the tenant's Stripe subscription, the Stripe event inbox.
import { BillingAccount } from './billing-account.entity';
import { StripeEvent } from './stripe-event.entity';

export * from './plans';
export * from './standing';
export * from './billing-account.entity';
export * from './stripe-event.entity';
export * from './stripe-client';
export * from './stripe-event-store';
export * from './enforcement';
export * from './plan-fit';
export * from './plan-pauses';
export * from './billing-sync';
export * from './billing.module';

export const BILLING_ENTITIES = [BillingAccount, StripeEvent];
