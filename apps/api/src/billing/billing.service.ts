import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { AuditActor, AuditTrail, RequestOrigin } from '#lb/accounts';
import {
  applyBillingPauses,
  BillingAccount,
  BillingEntitlements,
  BillingInterval,
  callStripe,
  Entitlements,
  fairUseOf,
  flowsOutsidePlan,
  INTERVALS,
  lookupKey,
  PLAN_IDS,
  PlanId,
  PLANS,
  planOfLookupKey,
  Standing,
  STRIPE_CLIENT,
  StripeUnavailableError,
} from '#lb/billing';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { BillingConflictError } from './billing-errors';
import { BillingOverview, PlanView, PriceView, UsageView } from './billing.views';

const DAY_MS = 86_400_000;
const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused']);
/** Currencies Stripe counts in whole units (unit_amount is not in cents). */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Minor units as decimal text ("2900" cents → "29.00"), never through a float. */
export function decimalAmount(minor: number, currency: string): string {
  if (ZERO_DECIMAL.has(currency.toLowerCase())) return String(minor);
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * The tenant's side of billing: plans with Stripe's prices, the current plan with usage against
 * its limits and banners, Checkout and the customer portal, and which pairs stay active. Stripe is
 * called outside any transaction; what it created is stored right after.
 */
@Injectable()
export class BillingService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly entitlements: BillingEntitlements,
    private readonly audit: AuditTrail,
    private readonly jobs: JobProducer,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every plan with its entitlements and, when Stripe answers, its monthly and yearly prices. */
  async plans(): Promise<PlanView[]> {
    let prices: Stripe.Price[] = [];
    let available = false;
    try {
      const listed = await callStripe('read prices', () =>
        this.client('read prices').prices.list({
          lookup_keys: PLAN_IDS.flatMap((p) => INTERVALS.map((i) => lookupKey(p, i))),
          active: true,
          limit: 20,
        }),
      );
      prices = listed.data;
      available = true;
    } catch (e) {
      // The pricing page still shows plans and limits when Stripe is out of reach.
      if (!(e instanceof StripeUnavailableError)) throw e;
    }
    return PLAN_IDS.map((id) => ({
      id,
      name: PLANS[id].name,
      entitlements: entitlementsView(PLANS[id].entitlements),
      pricesAvailable: available,
      prices: prices.flatMap((p) => {
        const ours = planOfLookupKey(p.lookup_key);
        if (ours?.plan !== id || p.unit_amount === null) return [];
        const view: PriceView = {
          interval: ours.interval,
          lookupKey: p.lookup_key!,
          currency: p.currency,
          amount: decimalAmount(p.unit_amount, p.currency),
          taxBehavior: p.tax_behavior ?? null,
        };
        return [view];
      }),
    }));
  }

  overview(tenantId: string): Promise<BillingOverview> {
    return this.tx.run(tenantId, async (m) => {
      const { account, standing } = await this.entitlements.standingIn(m, tenantId);
      const integrations: Array<{ id: string; name: string; pause_reasons: string[] }> = await m.query(
        'SELECT id, name, pause_reasons FROM integrations ORDER BY created_at, id',
      );
      const now = new Date();
      const use = await fairUseOf(m, standing, now);
      const usage: UsageView = {
        integrationPairs: { used: integrations.length, limit: standing.entitlements.integrationPairs },
        recordsThisMonth: {
          used: use.used,
          limit: use.limit,
          since: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
          stopAt: use.stopAt,
          paused: use.paused,
        },
      };
      const banners = [...standing.banners];
      if (use.paused) {
        banners.push({
          kind: 'fair_use_paused',
          message:
            'This month’s synced records are past your plan’s fair use and its grace: new writes wait until the month ends or you choose a larger plan (nothing is lost)',
          until: use.resumesAt,
        });
      } else if (use.used > use.limit) {
        banners.push({
          kind: 'fair_use_exceeded',
          message: `This month’s synced records are past your plan’s fair-use allowance; writes pause at ${use.stopAt.toLocaleString('en-GB')} unless you choose a larger plan`,
          until: use.resumesAt,
        });
      }
      const pausedFlows = await flowsOutsidePlan(m, standing);
      return {
        ...standingView(standing),
        banners,
        status: account?.status ?? 'none',
        subscribedPlan: account?.plan ?? null,
        interval: account?.interval ?? null,
        currentPeriodEnd: account?.currentPeriodEnd?.toISOString() ?? null,
        cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
        taxId: account?.taxId ?? null,
        hasCustomer: !!account?.stripeCustomerId,
        usage,
        integrations: integrations.map((i) => ({
          id: i.id,
          name: i.name,
          billingPaused: i.pause_reasons.includes('billing'),
          fairUsePaused: i.pause_reasons.includes('fair_use'),
        })),
        pausedFlows: pausedFlows.map((f) => ({
          ...f,
          integrationName: integrations.find((i) => i.id === f.integrationId)?.name ?? '',
        })),
      };
    });
  }

  /**
   * A Checkout Session for a plan. The Stripe customer is created once per tenant (idempotency key
   * of the tenant, its id in metadata) and stored before the session is made, so a retry reuses it.
   */
  async checkout(
    tenantId: string,
    choice: { plan: PlanId; interval: BillingInterval },
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<{ url: string }> {
    const stripe = this.client('start checkout');
    const { account, tenant, standing } = await this.tx.run(tenantId, (m) => this.entitlements.standingIn(m, tenantId));
    if (account && LIVE.has(account.status)) {
      throw new BillingConflictError('There is a subscription already: change its plan in the billing portal');
    }
    const customerId =
      account?.stripeCustomerId ?? (await this.createCustomer(stripe, tenantId, tenant.name, actor, origin));
    const key = lookupKey(choice.plan, choice.interval);
    const prices = await callStripe('find the price', () =>
      stripe.prices.list({ lookup_keys: [key], active: true, limit: 1 }),
    );
    const price = prices.data[0];
    if (!price) throw new StripeUnavailableError(`Stripe has no active price ${key}`, true);
    // What is left of the sign-up trial carries over, in whole days (Checkout's trial_period_days, at least 1).
    const trialEnd = standing.phase === 'trial' && standing.trialEndsAt ? Date.parse(standing.trialEndsAt) : 0;
    const trialDays = Math.floor((trialEnd - Date.now()) / DAY_MS);
    const keepTrial = trialDays >= 1;
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const session = await callStripe('start checkout', () =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: customerId,
        client_reference_id: tenantId,
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: `${base}/billing?checkout=done`,
        cancel_url: `${base}/billing?checkout=cancelled`,
        automatic_tax: { enabled: true },
        tax_id_collection: { enabled: true },
        // Tax needs the address, and a collected VAT/GST number is saved on the customer (shown on invoices).
        customer_update: { address: 'auto', name: 'auto' },
        billing_address_collection: 'required',
        metadata: { tenant_id: tenantId },
        subscription_data: {
          metadata: { tenant_id: tenantId },
          ...(keepTrial ? { trial_period_days: trialDays } : {}),
        },
      }),
    );
    if (!session.url) throw new StripeUnavailableError('Stripe gave the checkout no address', true);
    await this.tx.run(tenantId, (m) =>
      this.audit.record(m, tenantId, {
        actor,
        action: 'billing.checkout_started',
        targetType: 'tenant',
        targetId: tenantId,
        details: { plan: choice.plan, interval: choice.interval, trialKept: !!keepTrial },
        origin,
      }),
    );
    return { url: session.url };
  }

  /** A customer portal session (card, plan changes, invoices, cancellation). */
  async portal(tenantId: string): Promise<{ url: string }> {
    const stripe = this.client('open the billing portal');
    const account = await this.tx.run(tenantId, (m) => m.findOne(BillingAccount, { where: { tenantId } }));
    if (!account?.stripeCustomerId) throw new BillingConflictError('No subscription yet: choose a plan first');
    const customer = account.stripeCustomerId;
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const session = await callStripe('open the billing portal', () =>
      stripe.billingPortal.sessions.create({ customer, return_url: `${base}/billing` }),
    );
    return { url: session.url };
  }

  /** The pairs that keep syncing when there are more than the plan allows; the rest get the billing pause. */
  chooseActive(
    tenantId: string,
    integrationIds: string[],
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<BillingOverview> {
    return this.tx
      .run(tenantId, async (m) => {
        const { account, standing } = await this.entitlements.standingIn(m, tenantId);
        const limit = standing.entitlements.integrationPairs;
        const unique = [...new Set(integrationIds)];
        if (limit !== null && unique.length > limit) {
          throw new BillingConflictError(
            `The ${PLANS[standing.plan].name} plan keeps ${limit} pair${limit === 1 ? '' : 's'} active`,
          );
        }
        const found: Array<{ id: string }> = unique.length
          ? await m.query('SELECT id FROM integrations WHERE id = ANY($1::uuid[])', [unique])
          : [];
        if (found.length !== unique.length) throw new BillingConflictError('Some of those integrations do not exist');
        const row = account ?? (await m.save(m.create(BillingAccount, { tenantId })));
        await m.update(BillingAccount, { id: row.id }, { activeIntegrationIds: unique });
        const changes = await applyBillingPauses(
          m,
          tenantId,
          standing,
          { ...row, activeIntegrationIds: unique },
          { jobs: this.jobs, audit: this.audit },
        );
        await this.audit.record(m, tenantId, {
          actor,
          action: 'billing.active_integrations_chosen',
          targetType: 'tenant',
          targetId: tenantId,
          details: { integrationIds: unique, ...changes },
          origin,
        });
      })
      .then(() => this.overview(tenantId));
  }

  private async createCustomer(
    stripe: Stripe,
    tenantId: string,
    name: string,
    actor: AuditActor,
    origin: RequestOrigin,
  ): Promise<string> {
    const customer = await callStripe('create the customer', () =>
      stripe.customers.create(
        { name, metadata: { tenant_id: tenantId } },
        { idempotencyKey: `lb-customer-${tenantId}` },
      ),
    );
    return this.tx.run(tenantId, async (m) => {
      await m.query(
        `INSERT INTO billing_accounts (tenant_id, stripe_customer_id) VALUES ($1, $2)
         ON CONFLICT (tenant_id) DO UPDATE SET stripe_customer_id = coalesce(billing_accounts.stripe_customer_id, EXCLUDED.stripe_customer_id)`,
        [tenantId, customer.id],
      );
      await this.audit.record(m, tenantId, {
        actor,
        action: 'billing.customer_created',
        targetType: 'tenant',
        targetId: tenantId,
        details: { stripeCustomerId: customer.id },
        origin,
      });
      const stored = await m.findOneOrFail(BillingAccount, { where: { tenantId } });
      return stored.stripeCustomerId!;
    });
  }

  private client(what: string): Stripe {
    if (!this.stripe) throw new StripeUnavailableError(`Billing is not configured, so we cannot ${what}`, false);
    return this.stripe;
  }
}

function entitlementsView(e: Entitlements) {
  return { ...e, entities: [...e.entities] };
}

function standingView(s: Standing) {
  return {
    phase: s.phase,
    plan: s.plan,
    entitlements: entitlementsView(s.entitlements),
    syncAllowed: s.syncAllowed,
    trialEndsAt: s.trialEndsAt,
    graceUntil: s.graceUntil,
  };
}
