// The sandbox's responses against the official `stripe` package's own type definitions (v23,
// read from node_modules so the checks follow the pinned package): declared fields present and
// nothing undeclared, object names, status unions, id prefixes, integer amounts, unix seconds.
import Stripe from 'stripe';
import {
  StripeSandbox,
  TestAccount,
  control,
  createAccount,
  startStripeSandbox,
  stripeClient,
} from '../testing/stripe-harness';
import { Problem, checkShape, interfaceShape, unionValues } from './stripe-dts';

const SHAPES = {
  customer: interfaceShape('Customers.d.ts', 'Customer'),
  product: interfaceShape('Products.d.ts', 'Product'),
  price: interfaceShape('Prices.d.ts', 'Price'),
  'checkout.session': interfaceShape('Checkout/Sessions.d.ts', 'Session'),
  subscription: interfaceShape('Subscriptions.d.ts', 'Subscription'),
  subscription_item: interfaceShape('SubscriptionItems.d.ts', 'SubscriptionItem'),
  invoice: interfaceShape('Invoices.d.ts', 'Invoice'),
  line_item: interfaceShape('InvoiceLineItems.d.ts', 'InvoiceLineItem'),
  'billing_portal.session': interfaceShape('BillingPortal/Sessions.d.ts', 'Session'),
  'test_helpers.test_clock': interfaceShape('TestHelpers/TestClocks.d.ts', 'TestClock'),
  event: interfaceShape('Events.d.ts', 'EventBase'),
  tax_id: interfaceShape('TaxIds.d.ts', 'TaxId'),
};

const PREFIX: Record<string, RegExp> = {
  customer: /^cus_/,
  product: /^prod_/,
  price: /^price_/,
  'checkout.session': /^cs_test_/,
  subscription: /^sub_/,
  subscription_item: /^si_/,
  invoice: /^in_/,
  line_item: /^il_/,
  'billing_portal.session': /^bps_/,
  'test_helpers.test_clock': /^clock_/,
  event: /^evt_/,
  tax_id: /^txi_/,
};

const AMOUNT =
  /^(amount(_\w+)?|unit_amount|subtotal(_excluding_tax)?|total(_excluding_tax)?|taxable_amount|starting_balance|ending_balance|balance)$/;
const TIME =
  /^(created|updated|start_date|billing_cycle_anchor|expires_at|frozen_time|deletes_after|effective_at|period_(start|end)|current_period_(start|end)|trial_(start|end)|(canceled|ended|cancel|paid|finalized|voided|marked_uncollectible)_at|next_payment_attempt|start|end)$/;

/** Walks a response: every object with a known `object` against its shape, amounts and times by name. */
function check(value: unknown, path: string, problems: Problem[]): void {
  if (Array.isArray(value)) return value.forEach((v, i) => check(v, `${path}[${i}]`, problems));
  if (!value || typeof value !== 'object') return;
  const doc = value as Record<string, unknown>;
  const kind = typeof doc.object === 'string' ? doc.object : undefined;
  if (kind && kind in SHAPES) {
    problems.push(...checkShape(doc, SHAPES[kind as keyof typeof SHAPES], path));
    if (!PREFIX[kind].test(String(doc.id)))
      problems.push({ path: `${path}.id`, problem: `${String(doc.id)} lacks the ${kind} prefix` });
  }
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'number' && AMOUNT.test(k) && !Number.isInteger(v))
      problems.push({ path: `${path}.${k}`, problem: 'not an integer amount' });
    if (typeof v === 'number' && TIME.test(k) && !(Number.isInteger(v) && v > 1e9 && v < 1e10))
      problems.push({ path: `${path}.${k}`, problem: `${v} is not unix seconds` });
    check(v, `${path}.${k}`, problems);
  }
}

describe('Stripe sandbox conformance with the stripe package types', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  const seen: Array<[string, unknown]> = [];

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.UTC(2026, 2, 1) / 1000) });
    const customer = await stripe.customers.create({
      email: 'conf@example.test',
      test_clock: clock.id,
      address: { country: 'GB' },
      tax_id_data: [{ type: 'gb_vat', value: 'GB123456789' }],
    });
    const product = await stripe.products.create({ name: 'Conformance' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1234,
      recurring: { interval: 'month' },
    });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: 'https://app.example.test/ok',
      automatic_tax: { enabled: true },
      subscription_data: { trial_period_days: 7 },
    });
    seen.push(['open checkout session', session]);
    await control(sb, account, 'POST', `/checkout-sessions/${session.id}/complete`, { cardNumber: '4000000000000341' });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: clock.frozen_time + 9 * 86_400 });
    const complete = await stripe.checkout.sessions.retrieve(session.id);
    const sub = await stripe.subscriptions.retrieve(complete.subscription as string);
    seen.push(
      ['customer', await stripe.customers.retrieve(customer.id, { expand: ['tax_ids'] })],
      ['product', product],
      ['price', price],
      ['complete checkout session', complete],
      ['subscription', sub],
      ['updated subscription', await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true })],
      ['invoices', await stripe.invoices.list({ customer: customer.id })],
      [
        'portal session',
        await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example.test' }),
      ],
      ['test clock', await stripe.testHelpers.testClocks.retrieve(clock.id)],
      ['events', await stripe.events.list({ limit: 100 })],
      ['canceled subscription', await stripe.subscriptions.cancel(sub.id)],
    );
  });
  afterAll(() => sb?.close());

  it('answers every call with the fields, names, prefixes, amounts and times the types declare', () => {
    const problems: Problem[] = [];
    for (const [label, value] of seen) check(value, label, problems);
    expect(problems).toEqual([]);
  });

  it('uses only the status and reason values the types declare', () => {
    const statuses = {
      subscription: unionValues('Subscriptions.d.ts', 'Subscription', 'Status'),
      invoice: unionValues('Invoices.d.ts', 'Invoice', 'Status'),
      billingReason: unionValues('Invoices.d.ts', 'Invoice', 'BillingReason'),
      session: unionValues('Checkout/Sessions.d.ts', 'Session', 'Status'),
      payment: unionValues('Checkout/Sessions.d.ts', 'Session', 'PaymentStatus'),
      event: unionValues('Events.d.ts', 'Event', 'Type'),
    };
    expect(statuses.subscription).toEqual(
      expect.arrayContaining(['trialing', 'active', 'past_due', 'unpaid', 'canceled']),
    );
    const subs = seen.filter(([l]) => l.includes('subscription')).map(([, v]) => v as Stripe.Subscription);
    for (const s of subs) expect(statuses.subscription).toContain(s.status);
    expect(subs.map((s) => s.status)).toEqual(expect.arrayContaining(['past_due', 'canceled']));
    const invoices = (seen.find(([l]) => l === 'invoices')![1] as Stripe.ApiList<Stripe.Invoice>).data;
    for (const i of invoices) {
      expect(statuses.invoice).toContain(i.status);
      expect(statuses.billingReason).toContain(i.billing_reason);
    }
    for (const [l, v] of seen.filter(([label]) => label.includes('checkout session'))) {
      expect([l, statuses.session.includes((v as Stripe.Checkout.Session).status!)]).toEqual([l, true]);
      expect(statuses.payment).toContain((v as Stripe.Checkout.Session).payment_status);
    }
    const events = (seen.find(([l]) => l === 'events')![1] as Stripe.ApiList<Stripe.Event>).data;
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) expect(statuses.event).toContain(e.type);
  });
});
