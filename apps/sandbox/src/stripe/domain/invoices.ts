import { stripeId } from '../core/ids';
import { Doc, StripeSession } from '../db/stripe-store';
import { customerTaxIds } from './customers';
import { SELLER_COUNTRY, percentage, taxFor } from './tax';

/** Days after the first failed attempt on which Stripe-like retries run; after the last, the subscription ends (settings). */
export const RETRY_DAYS = [3, 5, 7];

export interface InvoiceLine {
  price: Doc;
  quantity: number;
  itemId: string;
  period: { start: number; end: number };
}

function money(amount: number, currency: string): string {
  return `${currency.toUpperCase()} ${(amount / 100).toFixed(2)}`;
}

/** An open (finalized) subscription invoice with the sandbox's tax rule applied to each line. */
export async function createInvoice(
  s: StripeSession,
  opts: {
    customer: Doc;
    subscription: Doc;
    lines: InvoiceLine[];
    reason: string;
    now: number;
    period: { start: number; end: number };
  },
): Promise<Doc> {
  const { customer, subscription, now } = opts;
  const id = stripeId('in');
  const taxIds = await customerTaxIds(s, customer.id);
  const automaticTax = (subscription.automatic_tax as { enabled?: boolean })?.enabled === true;
  const country = (customer.address as { country?: string } | null)?.country ?? null;
  const currency = typeof opts.lines[0]?.price.currency === 'string' ? opts.lines[0].price.currency : 'usd';
  const totalTaxes: Doc[] = [];
  const lines = opts.lines.map((l) => {
    const amount = Number(l.price.unit_amount) * l.quantity;
    const tax = automaticTax ? taxFor(amount, country, taxIds) : null;
    const taxes = tax
      ? [
          {
            amount: tax.amount,
            tax_behavior: 'exclusive',
            tax_rate_details: { tax_rate: `txr_sandbox_${tax.country ?? 'none'}_${tax.bps}` },
            taxability_reason: tax.reason,
            taxable_amount: amount,
            type: 'tax_rate_details',
          },
        ]
      : [];
    totalTaxes.push(...(taxes as unknown as Doc[]));
    const rec = l.price.recurring as { interval?: string } | null;
    return {
      id: stripeId('il'),
      object: 'line_item',
      amount,
      currency,
      description: `${l.quantity} × ${String(l.price.nickname ?? l.price.product)} (at ${money(Number(l.price.unit_amount), currency)} / ${rec?.interval ?? 'month'})`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: {
        type: 'subscription_item_details',
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: subscription.id,
          subscription_item: l.itemId,
        },
      },
      period: l.period,
      pretax_credit_amounts: [],
      pricing: {
        price_details: { price: l.price.id, product: l.price.product },
        type: 'price_details',
        unit_amount_decimal: String(l.price.unit_amount),
      },
      quantity: l.quantity,
      quantity_decimal: String(l.quantity),
      subscription: subscription.id,
      subtotal: amount,
      taxes,
      _tax_label: tax && tax.bps ? `${tax.taxType === 'gst' ? 'GST' : 'VAT'} ${percentage(tax.bps)}%` : null,
    };
  });
  const subtotal = lines.reduce((a, l) => a + l.amount, 0);
  const tax = totalTaxes.reduce((a, t) => a + Number(t.amount), 0);
  const total = subtotal + tax;
  const sequence = Number(customer.next_invoice_sequence ?? 1);
  await s.put({ ...customer, next_invoice_sequence: sequence + 1 });
  const invoice: Doc = {
    id,
    object: 'invoice',
    account_country: SELLER_COUNTRY,
    account_name: 'Ledgerbridge (Stripe sandbox)',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: automaticTax
      ? { disabled_reason: null, enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'complete' }
      : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: opts.reason,
    collection_method: 'charge_automatically',
    created: now,
    currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: taxIds,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: total > 0 ? now : null,
    number: `${String(customer.invoice_prefix)}-${String(sequence).padStart(4, '0')}`,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: subscription.metadata ?? {}, subscription: subscription.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: opts.period.end,
    period_start: opts.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'open',
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: customer.test_clock ?? null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: subtotal,
    total_pretax_credit_amounts: [],
    total_taxes: totalTaxes,
    webhooks_delivered_at: null,
  };
  await s.put(invoice);
  s.emit('invoice.created', invoice, undefined, now);
  s.emit('invoice.finalized', invoice, undefined, now);
  return invoice;
}

/** Whether the customer's default card pays: a missing card or a "charges fail" test card does not. */
async function cardPays(s: StripeSession, customer: Doc): Promise<boolean> {
  const pmId = (customer.invoice_settings as { default_payment_method?: string | null })?.default_payment_method;
  if (!pmId) return false;
  const pm = await s.find(pmId);
  return pm?._behaviour === 'ok';
}

/** One payment attempt on an open invoice; events as Stripe sends them. Returns whether it is paid. */
export async function attemptPayment(s: StripeSession, invoice: Doc, customer: Doc, now: number): Promise<boolean> {
  const attempts = Number(invoice.attempt_count) + 1;
  if (Number(invoice.amount_due) === 0 || (await cardPays(s, customer))) {
    const paid: Doc = {
      ...invoice,
      status: 'paid',
      attempted: true,
      attempt_count: Number(invoice.amount_due) === 0 ? invoice.attempt_count : attempts,
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { ...(invoice.status_transitions as object), paid_at: now },
    };
    await s.put(paid);
    s.emit('invoice.paid', paid, { status: invoice.status }, now);
    s.emit('invoice.payment_succeeded', paid, undefined, now);
    return true;
  }
  const firstFailure = typeof invoice._first_failure === 'number' ? invoice._first_failure : now;
  const retryDay = RETRY_DAYS[attempts - 1];
  const failed: Doc = {
    ...invoice,
    attempted: true,
    attempt_count: attempts,
    _first_failure: firstFailure,
    next_payment_attempt: retryDay === undefined ? null : firstFailure + retryDay * 86_400,
  };
  await s.put(failed);
  s.emit('invoice.payment_failed', failed, undefined, now);
  return false;
}
