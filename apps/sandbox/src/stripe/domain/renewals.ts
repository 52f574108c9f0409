import { invalid } from '../core/stripe-errors';
import { addInterval } from '../core/time';
import { Doc, StripeSession } from '../db/stripe-store';
import { attemptPayment, createInvoice } from './invoices';
import { changes, endSubscription } from './subscriptions';

const TRIAL_WILL_END_NOTICE = 3 * 86_400;

type Step = { at: number; run: () => Promise<void> };

function firstItem(sub: Doc): Doc {
  return (sub.items as { data: Doc[] }).data[0];
}

async function setStatus(s: StripeSession, before: Doc, patch: Partial<Doc>, at: number): Promise<Doc> {
  const after = { ...before, ...patch } as Doc;
  await s.put(after);
  const diff = changes(before, after);
  if (Object.keys(diff).length) s.emit('customer.subscription.updated', after, diff, at);
  return after;
}

async function hasPaymentMethod(customer: Doc): Promise<boolean> {
  return Promise.resolve(
    Boolean((customer.invoice_settings as { default_payment_method?: string })?.default_payment_method),
  );
}

/** The end of a period: cancel if asked, else invoice the next period and try to collect it. */
async function periodEnd(s: StripeSession, sub: Doc, at: number): Promise<void> {
  if (sub.cancel_at_period_end) {
    await endSubscription(s, sub, at);
    return;
  }
  const customer = await s.get(sub.customer, 'customer');
  const item = firstItem(sub);
  const rec = (item.price as Doc).recurring as { interval: string; interval_count: number };
  if (sub.status === 'trialing' && !(await hasPaymentMethod(customer))) {
    const behaviour = (sub.trial_settings as { end_behavior?: { missing_payment_method?: string } })?.end_behavior
      ?.missing_payment_method;
    if (behaviour === 'cancel') {
      await endSubscription(s, sub, at, 'cancellation_requested');
      return;
    }
    if (behaviour === 'pause') {
      const paused = await setStatus(s, sub, { status: 'paused' }, at);
      s.emit('customer.subscription.paused', paused, undefined, at);
      return;
    }
  }
  const start = Number(item.current_period_end);
  const end = addInterval(start, rec.interval, rec.interval_count);
  const data: Doc[] = (sub.items as { data: Doc[] }).data.map((x) => ({
    ...x,
    current_period_start: start,
    current_period_end: end,
  }));
  const renewed: Doc = { ...sub, items: { ...(sub.items as object), data } };
  const invoice = await createInvoice(s, {
    customer,
    subscription: renewed,
    reason: 'subscription_cycle',
    now: at,
    period: { start: Number(item.current_period_start), end: start },
    lines: data.map((x) => ({
      price: x.price as Doc,
      quantity: Number(x.quantity),
      itemId: x.id,
      period: { start, end },
    })),
  });
  const paid = await attemptPayment(s, invoice, customer, at);
  const status = paid ? 'active' : sub.status === 'unpaid' ? 'unpaid' : 'past_due';
  await setStatus(s, sub, { items: renewed.items, latest_invoice: invoice.id, status }, at);
}

/** A scheduled retry of an unpaid invoice; after the last one the subscription follows the account's setting. */
async function retry(s: StripeSession, invoice: Doc, at: number): Promise<void> {
  const customer = await s.get(invoice.customer, 'customer');
  const paid = await attemptPayment(s, invoice, customer, at);
  const subId = (invoice.parent as { subscription_details?: { subscription?: string } })?.subscription_details
    ?.subscription;
  const sub = subId ? await s.find(subId) : undefined;
  if (!sub || sub.status === 'canceled') return;
  if (paid) {
    const open = await s.list('invoice', { contains: { customer: customer.id, status: 'open' }, limit: 1 });
    if (open.data.length === 0) await setStatus(s, sub, { status: 'active' }, at);
    return;
  }
  const after = await s.get(invoice.id, 'invoice');
  if (after.next_payment_attempt !== null) return;
  const outcome = s.account.settings.afterFailedRetries ?? 'canceled';
  if (outcome === 'canceled') await endSubscription(s, sub, at, 'payment_failed');
  else if (outcome === 'unpaid') await setStatus(s, sub, { status: 'unpaid' }, at);
}

/** Everything due on one customer's subscriptions and invoices up to `until`, earliest first. */
async function nextStep(s: StripeSession, customer: Doc, until: number): Promise<Step | undefined> {
  const steps: Step[] = [];
  const subs = await s.list('subscription', { contains: { customer: customer.id }, limit: 100 });
  for (const sub of subs.data) {
    if (sub.status === 'canceled' || sub.status === 'incomplete' || sub.status === 'paused') continue;
    const trialEnd = typeof sub.trial_end === 'number' ? sub.trial_end : null;
    if (
      sub.status === 'trialing' &&
      trialEnd &&
      !sub._trial_will_end_sent &&
      trialEnd - TRIAL_WILL_END_NOTICE <= until
    ) {
      const at = Math.max(trialEnd - TRIAL_WILL_END_NOTICE, Number(sub.created));
      steps.push({
        at,
        run: async () => {
          const marked = { ...sub, _trial_will_end_sent: true };
          await s.put(marked);
          s.emit('customer.subscription.trial_will_end', marked, undefined, at);
        },
      });
    }
    const end = Number(firstItem(sub).current_period_end);
    if (end <= until) steps.push({ at: end, run: () => periodEnd(s, sub, end) });
  }
  const open = await s.list('invoice', { contains: { customer: customer.id, status: 'open' }, limit: 100 });
  for (const inv of open.data) {
    const at = inv.next_payment_attempt;
    if (typeof at === 'number' && Number(inv.attempt_count) > 0 && at <= until)
      steps.push({ at, run: () => retry(s, inv, at) });
  }
  steps.sort((a, b) => a.at - b.at);
  return steps[0];
}

/** POST /v1/test_helpers/test_clocks/:id/advance: runs what falls due, in time order, then moves the clock. */
export async function advanceClock(s: StripeSession, clockId: string, frozenTime: number): Promise<Doc> {
  const clock = await s.get(clockId, 'test_helpers.test_clock', 'test clock');
  if (frozenTime <= Number(clock.frozen_time))
    throw invalid("The frozen_time must be after the test clock's current frozen time.", 'frozen_time');
  const customers = await s.list('customer', { contains: { test_clock: clockId }, limit: 100 });
  for (let guard = 0; guard < 2000; guard++) {
    let earliest: { step: Step; at: number } | undefined;
    for (const c of customers.data) {
      const step = await nextStep(s, await s.get(c.id, 'customer'), frozenTime);
      if (step && (!earliest || step.at < earliest.at)) earliest = { step, at: step.at };
    }
    if (!earliest) break;
    await s.put({ ...clock, frozen_time: earliest.at });
    await earliest.step.run();
  }
  const ready: Doc = { ...clock, frozen_time: frozenTime, status: 'ready' };
  await s.put(ready);
  s.emit('test_helpers.test_clock.ready', ready, undefined, frozenTime);
  return ready;
}
