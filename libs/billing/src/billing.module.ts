import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { BillingSync } from './billing-sync';
import { BillingEntitlements } from './enforcement';
import { createStripeClient, STRIPE_CLIENT } from './stripe-client';
import { StripeEventStore } from './stripe-event-store';

/** Billing for the api and the worker: the Stripe client from configuration, entitlements, the event inbox. */
@Global()
@Module({
  providers: [
    { provide: STRIPE_CLIENT, useFactory: (config: AppConfig) => createStripeClient(config), inject: [APP_CONFIG] },
    {
      provide: BillingEntitlements,
      useFactory: (config: AppConfig) =>
        new BillingEntitlements({ trialDays: config.BILLING_TRIAL_DAYS, graceDays: config.BILLING_GRACE_DAYS }),
      inject: [APP_CONFIG],
    },
    {
      provide: StripeEventStore,
      useFactory: (ds: DataSource) => new StripeEventStore(ds),
      inject: [getDataSourceToken()],
    },
    {
      provide: BillingSync,
      useFactory: (
        tx: TenantTransactions,
        stripe: Stripe | null,
        events: StripeEventStore,
        entitlements: BillingEntitlements,
        jobs: JobProducer,
      ) => new BillingSync(tx, stripe, events, entitlements, jobs, new AuditTrail()),
      inject: [TenantTransactions, STRIPE_CLIENT, StripeEventStore, BillingEntitlements, JobProducer],
    },
  ],
  exports: [STRIPE_CLIENT, BillingEntitlements, StripeEventStore, BillingSync],
})
export class BillingModule {}
