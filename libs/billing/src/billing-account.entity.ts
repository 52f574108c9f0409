import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/**
 * A tenant's subscription as Stripe last told us (one row per tenant, written at checkout and by
 * the worker from Stripe's current objects). No row = never checked out: the trial from sign-up.
 */
@Entity({ name: 'billing_accounts' })
@Unique('uq_billing_accounts_tenant_id', ['tenantId', 'id'])
@Unique('uq_billing_accounts_tenant', ['tenantId'])
@Unique('uq_billing_accounts_customer', ['stripeCustomerId'])
export class BillingAccount extends TenantOwnedEntity {
  @Column({ name: 'stripe_customer_id', type: 'text', nullable: true })
  stripeCustomerId: string | null;

  @Column({ name: 'stripe_subscription_id', type: 'text', nullable: true })
  stripeSubscriptionId: string | null;

  /** Stripe's subscription status (trialing, active, past_due, unpaid, canceled, incomplete …); 'none' before one exists. */
  @Column({ type: 'text', default: 'none' })
  status: string;

  @Column({ type: 'text', nullable: true })
  plan: string | null;

  @Column({ type: 'text', nullable: true })
  interval: string | null;

  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true })
  currentPeriodEnd: Date | null;

  @Column({ name: 'trial_end', type: 'timestamptz', nullable: true })
  trialEnd: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd: boolean;

  /** Set when the subscription first turned past due; flows pause once it has passed. */
  @Column({ name: 'grace_until', type: 'timestamptz', nullable: true })
  graceUntil: Date | null;

  /** The VAT/GST number collected at checkout (Stripe's tax_id value), for display. */
  @Column({ name: 'tax_id', type: 'text', nullable: true })
  taxId: string | null;

  /** The integrations the owner keeps syncing when there are more than the plan allows; null = oldest first. */
  @Column({ name: 'active_integration_ids', type: 'uuid', array: true, nullable: true })
  activeIntegrationIds: string[] | null;

  /** When the stored subscription was read from Stripe: an older read never overwrites a newer one. */
  @Column({ name: 'stripe_synced_at', type: 'timestamptz', nullable: true })
  stripeSyncedAt: Date | null;

  /**
   * Off-boarding asked Stripe to cancel the subscription and Stripe has not confirmed yet (it was
   * down): the billing sweep retries until it does.
   */
  @Column({ name: 'cancel_pending_since', type: 'timestamptz', nullable: true })
  cancelPendingSince: Date | null;

  /** The month (its first day, UTC) whose fair-use pause was last told to the owners by email. */
  @Column({ name: 'fair_use_notified_month', type: 'date', nullable: true })
  fairUseNotifiedMonth: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
