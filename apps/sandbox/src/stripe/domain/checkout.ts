import { stripeId, unixNow } from '../core/ids';
import { Params, mergeMetadata, optArray, optInt, optObject, optString, reqString } from '../core/params';
import { StripeApiError, invalid } from '../core/stripe-errors';
import { Doc, StripeSession, present } from '../db/stripe-store';
import { createCustomer, customerNow, taxIdDoc, updateCustomer } from './customers';
import { taxIdType } from './tax';
import { createSubscription } from './subscriptions';

/** Stripe's test cards the sandbox knows: what attaching them does and what charging them later does. */
export const TEST_CARDS: Record<string, { brand: string; behaviour: 'ok' | 'fail' | 'decline' }> = {
  '4242424242424242': { brand: 'visa', behaviour: 'ok' },
  '5555555555554444': { brand: 'mastercard', behaviour: 'ok' },
  '4000000000000341': { brand: 'visa', behaviour: 'fail' },
  '4000000000000002': { brand: 'visa', behaviour: 'decline' },
};

function urlParam(p: Params, name: string, required: boolean): string | null {
  const v = required ? reqString(p, name) : optString(p, name);
  if (v === undefined) return null;
  if (!/^https?:\/\/\S+$/.test(v)) throw invalid('Not a valid URL', name, 'url_invalid');
  return v;
}

export async function createCheckoutSession(s: StripeSession, p: Params, publicUrl: string): Promise<Doc> {
  const mode = reqString(p, 'mode');
  if (mode !== 'subscription') throw invalid('The sandbox supports mode=subscription only.', 'mode');
  const customerId = optString(p, 'customer');
  const customer = customerId ? await s.get(customerId, 'customer', 'customer', 'customer') : undefined;
  const rawItems = optArray(p, 'line_items') ?? [];
  if (rawItems.length === 0)
    throw invalid('line_items is required in subscription mode.', 'line_items', 'parameter_missing');
  const lineItems: Doc[] = [];
  for (const [i, raw] of rawItems.entries()) {
    const item = (raw ?? {}) as Params;
    const price = await s.get(item.price, 'price', 'price', `line_items[${i}][price]`);
    if (!price.recurring)
      throw invalid('In subscription mode, every price must be recurring.', `line_items[${i}][price]`);
    const quantity = optInt(item, 'quantity', 1, 10_000) ?? 1;
    const amount = Number(price.unit_amount) * quantity;
    lineItems.push({
      id: stripeId('li'),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: price.nickname ?? null,
      price: present(price),
      quantity,
    });
  }
  const subData = optObject(p, 'subscription_data') ?? {};
  const trialDays = optInt(subData, 'trial_period_days', 1, 730);
  const trialSettings = (subData.trial_settings ?? {}) as { end_behavior?: { missing_payment_method?: string } };
  const now = customer ? await customerNow(s, customer) : unixNow();
  const id = `cs_test_${stripeId('x', 58).slice(2)}`;
  const subtotal = lineItems.reduce((a, l) => a + Number(l.amount_subtotal), 0);
  const taxIdCollection = optObject(p, 'tax_id_collection');
  const automaticTax = optObject(p, 'automatic_tax');
  const session: Doc = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: subtotal,
    amount_total: subtotal,
    automatic_tax: { enabled: automaticTax?.enabled === 'true', liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: urlParam(p, 'cancel_url', false),
    client_reference_id: optString(p, 'client_reference_id') ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: lineItems[0].currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: customer ? null : 'always',
    customer_details: customer
      ? { email: customer.email ?? null, name: customer.name ?? null, tax_exempt: 'none', tax_ids: [] }
      : null,
    customer_email: optString(p, 'customer_email') ?? null,
    discounts: [],
    expires_at: now + 24 * 3600,
    invoice: null,
    invoice_creation: null,
    integration_identifier: null,
    livemode: false,
    locale: null,
    metadata: mergeMetadata({}, p),
    managed_payments: null,
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: optString(p, 'payment_method_collection') === 'if_required' ? 'if_required' : 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: urlParam(p, 'success_url', true),
    tax_id_collection: { enabled: taxIdCollection?.enabled === 'true', required: 'never' },
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${publicUrl}/stripe/checkout/${id}`,
    wallet_options: null,
    _line_items: { object: 'list', data: lineItems, has_more: false, url: `/v1/checkout/sessions/${id}/line_items` },
    _subscription_data: {
      trial_period_days: trialDays ?? null,
      metadata: mergeMetadata({}, subData),
      missing_payment_method: trialSettings.end_behavior?.missing_payment_method ?? 'create_invoice',
    },
  };
  await s.put(session);
  return session;
}

export interface CheckoutInput {
  cardNumber: string;
  name?: string;
  email?: string;
  country?: string;
  taxId?: string;
}

function cardError(message: string, code: string, declineCode?: string): StripeApiError {
  return new StripeApiError(
    402,
    'card_error',
    message,
    code,
    'card_number',
    declineCode ? { decline_code: declineCode } : {},
  );
}

export function paymentMethodDoc(customer: string, cardNumber: string, now: number, name: string | null): Doc {
  const digits = cardNumber.replace(/[\s-]/g, '');
  const card = TEST_CARDS[digits];
  if (!card)
    throw cardError(
      'Your card number is incorrect. Use a Stripe test card such as 4242 4242 4242 4242.',
      'incorrect_number',
    );
  if (card.behaviour === 'decline') throw cardError('Your card was declined.', 'card_declined', 'generic_decline');
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    allow_redisplay: 'always',
    billing_details: { address: null, email: null, name, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date(now * 1000).getUTCFullYear() + 3,
      fingerprint: digits.slice(-8),
      funding: 'credit',
      last4: digits.slice(-4),
      networks: { available: [card.brand], preferred: null },
      wallet: null,
    },
    created: now,
    customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
    _behaviour: card.behaviour,
  };
}

/** Attaches a test card to the customer as its default; declines throw Stripe's card_error. */
export async function attachCard(
  s: StripeSession,
  customer: Doc,
  cardNumber: string,
  name: string | null,
): Promise<Doc> {
  const pm = paymentMethodDoc(customer.id, cardNumber, await customerNow(s, customer), name);
  await s.put(pm);
  await updateCustomer(s, customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return pm;
}

/** "Pay" on the hosted page: card, customer, tax id, subscription, then the session completes. */
export async function completeCheckout(s: StripeSession, id: string, input: CheckoutInput): Promise<Doc> {
  const session = await s.get(id, 'checkout.session', 'checkout session');
  if (session.status !== 'open')
    throw invalid(`This Checkout Session is ${String(session.status)}.`, undefined, 'checkout_session_not_open');
  const sub = session._subscription_data as {
    trial_period_days: number | null;
    metadata: Record<string, string>;
    missing_payment_method: string;
  };
  const country = input.country?.toUpperCase();
  let customer =
    typeof session.customer === 'string'
      ? await s.get(session.customer, 'customer')
      : await createCustomer(s, { email: input.email ?? session.customer_email ?? '', name: input.name ?? '' });
  if (country || input.name)
    customer = await updateCustomer(s, customer.id, {
      ...(country ? { address: { country } } : {}),
      ...(input.name && !customer.name ? { name: input.name } : {}),
    });
  const lines = (session._line_items as { data: Doc[] }).data;
  // A trial takes the card without charging it (or, with payment_method_collection=if_required, no
  // card at all); otherwise the first charge must go through.
  const cardOptional = Boolean(sub.trial_period_days) && session.payment_method_collection === 'if_required';
  if (!(cardOptional && !input.cardNumber.trim())) {
    const pm = paymentMethodDoc(customer.id, input.cardNumber, await customerNow(s, customer), input.name ?? null);
    if (!sub.trial_period_days && pm._behaviour !== 'ok')
      throw cardError('Your card was declined.', 'card_declined', 'generic_decline');
    await attachCard(s, customer, input.cardNumber, input.name ?? null);
  }
  const collectTaxId = (session.tax_id_collection as { enabled?: boolean }).enabled === true;
  if (collectTaxId && input.taxId?.trim()) {
    await s.put(
      taxIdDoc(
        customer.id,
        taxIdType(country ?? (customer.address as { country?: string } | null)?.country),
        input.taxId.trim(),
      ),
    );
  }
  customer = await s.get(customer.id, 'customer');
  const subscription = await createSubscription(s, {
    customer,
    items: lines.map((l) => ({ price: l.price as Doc, quantity: Number(l.quantity) })),
    trialDays: sub.trial_period_days ?? undefined,
    metadata: sub.metadata,
    automaticTax: (session.automatic_tax as { enabled?: boolean }).enabled === true,
    missingPaymentMethod: sub.missing_payment_method as 'cancel' | 'create_invoice' | 'pause',
  });
  const invoice = await s.get(subscription.latest_invoice, 'invoice');
  const taxIds = await s.list('tax_id', { contains: { customer: customer.id }, limit: 100 });
  const done: Doc = {
    ...session,
    status: 'complete',
    customer: customer.id,
    subscription: subscription.id,
    invoice: invoice.id,
    payment_status: sub.trial_period_days ? 'no_payment_required' : 'paid',
    amount_subtotal: invoice.subtotal,
    amount_total: invoice.total,
    total_details: {
      amount_discount: 0,
      amount_shipping: 0,
      amount_tax: Number(invoice.total) - Number(invoice.subtotal),
    },
    customer_details: {
      address: customer.address ?? null,
      email: customer.email ?? null,
      name: customer.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: taxIds.data.map((t) => ({ type: t.type, value: t.value })),
    },
  };
  await s.put(done);
  s.emit('checkout.session.completed', done, undefined, await customerNow(s, customer));
  return done;
}

export function successRedirect(session: Doc): string {
  return String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}
