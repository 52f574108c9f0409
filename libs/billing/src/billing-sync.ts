// The worker's side of billing: an event from Stripe makes it read the customer's subscription as
// Stripe has it now (never the event's own copy, so order and duplicates do not matter), store it,
// and put the pauses in step. The sweep re-applies the standing as time passes (trial end, grace).
import type Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { BillingAccount } from './billing-account.entity';
import { applyBillingPauses, BillingEntitlements, PauseChanges } from './enforcement';
import { planOfLookupKey } from './plans';
import { callStripe } from './stripe-client';
import { StripeEventStore } from './stripe-event-store';

const DAY_MS = 86_400_000;

/** What we keep of a subscription; null fields when the customer has none. */
export interface SubscriptionFacts {
  subscriptionId: string | null;
  status: string;
  plan: string | null;
  interval: string | null;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  taxId: string | null;
}

const ENDED = new Set(['canceled', 'incomplete_expired']);
const at = (s: number | null | undefined) => (typeof s === 'number' ? new Date(s * 1000) : null);

/** The subscription that speaks for the customer: the newest live one, else the newest ended one. */
export function currentSubscription(subs: Stripe.Subscription[]): Stripe.Subscription | null {
  const newest = [...subs].sort((a, b) => b.created - a.created);
  return newest.find((s) => !ENDED.has(s.status)) ?? newest[0] ?? null;
}

export function factsOf(sub: Stripe.Subscription | null, taxId: string | null): SubscriptionFacts {
  if (!sub) {
    return {
      subscriptionId: null,
      status: 'none',
      plan: null,
      interval: null,
      currentPeriodEnd: null,
      trialEnd: null,
      cancelAtPeriodEnd: false,
      taxId,
    };
  }
  const item = sub.items?.data?.[0];
  const ours = planOfLookupKey(item?.price?.lookup_key);
  // Recent API versions keep the period on the item; older ones on the subscription.
  const periodEnd =
    (item as { current_period_end?: number } | undefined)?.current_period_end ??
    (sub as unknown as { current_period_end?: number }).current_period_end;
  return {
    subscriptionId: sub.id,
    status: sub.status,
    plan: ours?.plan ?? null,
    interval: ours?.interval ?? item?.price?.recurring?.interval ?? null,
    currentPeriodEnd: at(periodEnd),
    trialEnd: at(sub.trial_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end === true,
    taxId,
  };
}

export class BillingSync {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly stripe: Stripe | null,
    private readonly events: StripeEventStore,
    private readonly entitlements: BillingEntitlements,
    private readonly jobs: JobProducer,
    private readonly audit: AuditTrail,
  ) {}

  /** One stored event of the tenant, processed once: a redelivered or re-run job finds it done. */
  async processEvent(tenantId: string, eventId: string): Promise<'processed' | 'already' | 'unknown'> {
    const event = await this.tx.run(tenantId, (m) => this.events.of(m, eventId, tenantId));
    if (!event) return 'unknown';
    if (event.processed) return 'already';
    await this.refresh(tenantId, (m) => this.events.markProcessed(m, eventId, tenantId).then(() => undefined));
    return 'processed';
  }

  /**
   * Reads the customer's subscriptions from Stripe (outside any transaction), then stores them and
   * applies the pauses in one tenant transaction. A read that started before the stored one is
   * older news and is not written (two jobs of one tenant at once).
   */
  async refresh(tenantId: string, alsoWithin?: (m: EntityManager) => Promise<void>): Promise<PauseChanges> {
    const customerId = await this.tx.run(
      tenantId,
      async (m) => (await m.findOne(BillingAccount, { where: { tenantId } }))?.stripeCustomerId ?? null,
    );
    let facts: SubscriptionFacts | null = null;
    const readAt = new Date();
    if (customerId) {
      if (!this.stripe) throw new Error('STRIPE_SECRET_KEY is not configured');
      const stripe = this.stripe;
      const subs = await callStripe('read the subscription', () =>
        stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 }),
      );
      const customer = await callStripe('read the customer', () =>
        stripe.customers.retrieve(customerId, { expand: ['tax_ids'] }),
      );
      const taxId =
        'deleted' in customer && customer.deleted
          ? null
          : ((customer as Stripe.Customer).tax_ids?.data?.[0]?.value ?? null);
      facts = factsOf(currentSubscription(subs.data), taxId);
    }
    return this.tx.run(tenantId, async (m) => {
      const account = await m.findOne(BillingAccount, { where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      if (account && facts && (!account.stripeSyncedAt || account.stripeSyncedAt <= readAt)) {
        const overdue = facts.status === 'past_due' || facts.status === 'unpaid';
        await m.update(
          BillingAccount,
          { id: account.id },
          {
            stripeSubscriptionId: facts.subscriptionId,
            status: facts.status,
            plan: facts.plan ?? account.plan,
            interval: facts.interval ?? account.interval,
            currentPeriodEnd: facts.currentPeriodEnd,
            trialEnd: facts.trialEnd,
            cancelAtPeriodEnd: facts.cancelAtPeriodEnd,
            taxId: facts.taxId ?? account.taxId,
            // The grace period runs from the first time we saw the subscription overdue.
            graceUntil: overdue
              ? (account.graceUntil ?? new Date(readAt.getTime() + this.entitlements.settings.graceDays * DAY_MS))
              : null,
            stripeSyncedAt: readAt,
          },
        );
        if (account.status !== facts.status || account.plan !== facts.plan) {
          await this.audit.record(m, tenantId, {
            actor: { kind: 'system', id: null },
            action: 'billing.subscription_changed',
            targetType: 'billing_account',
            targetId: account.id,
            details: {
              from: { status: account.status, plan: account.plan },
              to: { status: facts.status, plan: facts.plan },
            },
          });
        }
      }
      if (alsoWithin) await alsoWithin(m);
      return this.enforceIn(m, tenantId);
    });
  }

  /**
   * Off-boarding's cancellation, until Stripe confirms it: the subscription is cancelled now (no
   * further invoices) and the mark the deletion left (cancel_pending_since) is cleared. Stripe down
   * throws and the mark stays, so the billing sweep tries again. 'none' when nothing was pending.
   */
  async confirmCancel(tenantId: string): Promise<'cancelled' | 'none'> {
    const pending = await this.tx.run(tenantId, (m) => m.findOne(BillingAccount, { where: { tenantId } }));
    if (!pending?.cancelPendingSince) return 'none';
    const subscriptionId = pending.stripeSubscriptionId;
    if (subscriptionId) {
      if (!this.stripe) throw new Error('STRIPE_SECRET_KEY is not configured');
      const stripe = this.stripe;
      const sub = await callStripe('read the subscription', () => stripe.subscriptions.retrieve(subscriptionId));
      // cancelled already (by an earlier try whose answer was lost, or by the customer): nothing to ask
      if (!ENDED.has(sub.status)) {
        await callStripe('cancel the subscription', () => stripe.subscriptions.cancel(subscriptionId));
      }
    }
    await this.tx.run(tenantId, async (m) => {
      // two tries at once (the api's and a sweep's, or two sweeps): one clears and records it
      const [cleared] = await m.query<[unknown[], number]>(
        `UPDATE billing_accounts SET cancel_pending_since = NULL, status = 'canceled', updated_at = now()
         WHERE id = $1 AND cancel_pending_since IS NOT NULL RETURNING id`,
        [pending.id],
      );
      if (cleared.length === 0) return;
      await this.audit.record(m, tenantId, {
        actor: { kind: 'system', id: null },
        action: 'billing.offboarding_cancel_confirmed',
        targetType: 'billing_account',
        targetId: pending.id,
        details: { subscriptionId, pendingSince: pending.cancelPendingSince!.toISOString() },
      });
    });
    return 'cancelled';
  }

  /** The sweep: the standing as of now (a trial or grace period may have ended) put in force. */
  enforce(tenantId: string): Promise<PauseChanges> {
    return this.tx.run(tenantId, (m) => this.enforceIn(m, tenantId));
  }

  private async enforceIn(m: EntityManager, tenantId: string): Promise<PauseChanges> {
    const { account, standing } = await this.entitlements.standingIn(m, tenantId);
    return applyBillingPauses(m, tenantId, standing, account, {
      jobs: this.jobs,
      audit: this.audit,
    });
  }
}
