import { stripeId } from '../core/ids';
import { Params, mergeMetadata, optArray, optBool, optInt, optObject } from '../core/params';
import { invalid } from '../core/stripe-errors';
import { addInterval } from '../core/time';
import { Doc, StripeSession, present } from '../db/stripe-store';
import { planOf } from './catalog';
import { customerNow } from './customers';
import { attemptPayment, createInvoice } from './invoices';

export interface NewSubscription {
  customer: Doc;
  items: Array<{ price: Doc; quantity: number }>;
  trialDays?: number;
  metadata: Record<string, string>;
  automaticTax: boolean;
  missingPaymentMethod?: 'cancel' | 'create_invoice' | 'pause';
}

function items(sub: Doc): Doc[] {
  return (sub.items as { data: Doc[] }).data;
}

function itemDoc(subId: string, price: Doc, quantity: number, start: number, end: number, created: number): Doc {
  return {
    id: stripeId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: end,
    current_period_start: start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: present(price),
    quantity,
    subscription: subId,
    tax_rates: [],
  };
}

function interval(price: Doc): { interval: string; count: number } {
  const rec = price.recurring as { interval: string; interval_count: number } | null;
  if (!rec)
    throw invalid(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      'price',
    );
  return { interval: rec.interval, count: rec.interval_count };
}

/** What changed, in Stripe's previous_attributes form (top-level fields only). */
export function changes(before: Doc, after: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(after))
    if (JSON.stringify(after[k]) !== JSON.stringify(before[k])) out[k] = present(before[k]);
  return out;
}

/** The first invoice (a zero one during a trial) and its payment, as Checkout does when it subscribes a customer. */
export async function createSubscription(s: StripeSession, n: NewSubscription): Promise<Doc> {
  const now = await customerNow(s, n.customer);
  const id = stripeId('sub');
  const trialEnd = n.trialDays ? now + n.trialDays * 86_400 : null;
  const first = interval(n.items[0].price);
  const periodEnd = trialEnd ?? addInterval(now, first.interval, first.count);
  const sub: Doc = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: {
      disabled_reason: null,
      enabled: n.automaticTax,
      liability: n.automaticTax ? { type: 'self' } : null,
    },
    billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: n.items[0].price.currency,
    customer: n.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: {
      object: 'list',
      data: n.items.map((i) => itemDoc(id, i.price, i.quantity, now, periodEnd, now)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: n.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'incomplete',
    test_clock: n.customer.test_clock ?? null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: n.missingPaymentMethod ?? 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
  const invoice = await createInvoice(s, {
    customer: n.customer,
    subscription: sub,
    reason: 'subscription_create',
    now,
    period: { start: now, end: now },
    lines: items(sub).map((i) => ({
      price: { ...(i.price as Doc), unit_amount: trialEnd ? 0 : (i.price as Doc).unit_amount },
      quantity: Number(i.quantity),
      itemId: i.id,
      period: { start: now, end: periodEnd },
    })),
  });
  sub.latest_invoice = invoice.id;
  const paid = await attemptPayment(s, invoice, await s.get(n.customer.id, 'customer'), now);
  if (!trialEnd) sub.status = paid ? 'active' : 'incomplete';
  await s.put(sub);
  s.emit('customer.subscription.created', sub, undefined, now);
  return sub;
}

/** items[0][price] (plan change), cancel_at_period_end, metadata, trial_end=now. */
export async function updateSubscription(s: StripeSession, id: string, p: Params): Promise<Doc> {
  const before = await s.get(id, 'subscription');
  if (before.status === 'canceled' || before.status === 'incomplete_expired')
    throw invalid(
      'A canceled subscription can only update its cancellation_details and metadata.',
      undefined,
      'resource_missing',
    );
  const customer = await s.get(before.customer, 'customer');
  const now = await customerNow(s, customer);
  let sub: Doc = { ...before, metadata: mergeMetadata(before.metadata as Record<string, string>, p) };
  const cancelAtEnd = optBool(p, 'cancel_at_period_end');
  const periodEnd = Number(items(sub)[0].current_period_end);
  if (cancelAtEnd !== undefined)
    sub = {
      ...sub,
      cancel_at_period_end: cancelAtEnd,
      cancel_at: cancelAtEnd ? periodEnd : null,
      canceled_at: cancelAtEnd ? now : null,
      cancellation_details: { comment: null, feedback: null, reason: cancelAtEnd ? 'cancellation_requested' : null },
    };
  const requested = optArray(p, 'items');
  if (requested?.length) {
    const changed = items(sub).map((x) => ({ ...x }));
    for (const [i, raw] of requested.entries()) {
      const item = (raw ?? {}) as Params;
      const target = typeof item.id === 'string' ? changed.find((x) => x.id === item.id) : changed[i];
      if (!target) throw invalid(`Invalid subscription item: ${String(item.id)}`, `items[${i}][id]`);
      if (typeof item.price === 'string') {
        const price = await s.get(item.price, 'price', 'price', `items[${i}][price]`);
        if (price.currency !== sub.currency)
          throw invalid('The price must be in the subscription currency.', `items[${i}][price]`);
        target.price = present(price);
        target.plan = planOf(price);
      }
      const q = optInt(item, 'quantity', 1, 10_000);
      if (q !== undefined) target.quantity = q;
    }
    const oldInterval = interval(items(before)[0].price as Doc);
    const newInterval = interval(changed[0].price as Doc);
    sub = { ...sub, items: { ...(sub.items as object), data: changed } };
    // A change of billing interval restarts the cycle now and invoices the new period at once (no proration credit in the sandbox).
    if (oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count) {
      const end = addInterval(now, newInterval.interval, newInterval.count);
      for (const x of changed) Object.assign(x, { current_period_start: now, current_period_end: end });
      sub = {
        ...sub,
        billing_cycle_anchor: now,
        ...(sub.status === 'trialing' ? { status: 'active', trial_end: now } : {}),
      };
      const invoice = await createInvoice(s, {
        customer,
        subscription: sub,
        reason: 'subscription_update',
        now,
        period: { start: now, end: now },
        lines: changed.map((x) => ({
          price: x.price as Doc,
          quantity: Number(x.quantity),
          itemId: x.id,
          period: { start: now, end },
        })),
      });
      sub.latest_invoice = invoice.id;
      const paid = await attemptPayment(s, invoice, customer, now);
      if (!paid) sub.status = 'past_due';
    }
  }
  const metadataGiven = optObject(p, 'metadata') !== undefined || p.metadata === '';
  const diff = changes(before, sub);
  await s.put(sub);
  if (Object.keys(diff).length || metadataGiven) s.emit('customer.subscription.updated', sub, diff, now);
  return sub;
}

/** Ends a subscription now (DELETE /v1/subscriptions/:id, or the end of a period set to cancel). */
export async function endSubscription(
  s: StripeSession,
  before: Doc,
  now: number,
  reason = 'cancellation_requested',
): Promise<Doc> {
  const sub: Doc = {
    ...before,
    status: 'canceled',
    canceled_at: before.canceled_at ?? now,
    ended_at: now,
    cancellation_details: { comment: null, feedback: null, reason },
  };
  await s.put(sub);
  s.emit('customer.subscription.deleted', sub, changes(before, sub), now);
  return sub;
}

export async function cancelSubscription(s: StripeSession, id: string): Promise<Doc> {
  const before = await s.get(id, 'subscription');
  if (before.status === 'canceled') return before;
  const customer = await s.get(before.customer, 'customer');
  return endSubscription(s, before, await customerNow(s, customer));
}
