import { invalid } from '../core/stripe-errors';
import { Doc, StripeSession } from '../db/stripe-store';
import { attachCard } from './checkout';
import { customerNow } from './customers';
import { attemptPayment } from './invoices';
import { changes, updateSubscription } from './subscriptions';

/** What the hosted portal shows: the customer's current subscription, its invoices, the plans on offer. */
export async function portalView(s: StripeSession, session: Doc) {
  const customer = await s.get(session.customer, 'customer');
  const subs = await s.list('subscription', { contains: { customer: customer.id }, limit: 10 });
  const subscription = subs.data.find((x) => x.status !== 'canceled') ?? subs.data[0];
  const invoices = await s.list('invoice', { contains: { customer: customer.id }, limit: 24 });
  const prices = await s.list('price', { contains: { active: true, type: 'recurring' }, limit: 100 });
  const pmId = (customer.invoice_settings as { default_payment_method?: string | null }).default_payment_method;
  const card = pmId ? (((await s.find(pmId))?.card ?? null) as { brand: string; last4: string } | null) : null;
  const plans = prices.data.filter((p) => p.lookup_key && (!subscription || p.currency === subscription.currency));
  return { customer, subscription, invoices: invoices.data, plans, card };
}

async function currentSubscription(s: StripeSession, session: Doc): Promise<Doc> {
  const subs = await s.list('subscription', { contains: { customer: session.customer }, limit: 10 });
  const sub = subs.data.find((x) => x.status !== 'canceled');
  if (!sub) throw invalid('This customer has no active subscription.');
  return sub;
}

export async function portalChangePlan(s: StripeSession, session: Doc, priceId: string): Promise<void> {
  const sub = await currentSubscription(s, session);
  const item = (sub.items as { data: Doc[] }).data[0];
  await updateSubscription(s, sub.id, { items: [{ id: item.id, price: priceId }] });
}

export async function portalCancel(s: StripeSession, session: Doc, cancel: boolean): Promise<void> {
  const sub = await currentSubscription(s, session);
  await updateSubscription(s, sub.id, { cancel_at_period_end: String(cancel) });
}

/** A new card pays what is outstanding at once, and a subscription with nothing left open is active again. */
export async function portalUpdateCard(
  s: StripeSession,
  session: Doc,
  cardNumber: string,
  name: string | null,
): Promise<void> {
  const customer = await s.get(session.customer, 'customer');
  await attachCard(s, customer, cardNumber, name);
  const now = await customerNow(s, customer);
  const open = await s.list('invoice', { contains: { customer: customer.id, status: 'open' }, limit: 100 });
  for (const inv of open.data.reverse()) await attemptPayment(s, inv, await s.get(customer.id, 'customer'), now);
  const stillOpen = await s.list('invoice', { contains: { customer: customer.id, status: 'open' }, limit: 1 });
  if (stillOpen.data.length) return;
  const subs = await s.list('subscription', { contains: { customer: customer.id }, limit: 10 });
  for (const sub of subs.data.filter((x) => x.status === 'past_due' || x.status === 'unpaid')) {
    const after = { ...sub, status: 'active' };
    await s.put(after);
    s.emit('customer.subscription.updated', after, changes(sub, after), now);
  }
}
