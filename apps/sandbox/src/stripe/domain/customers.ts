import { stripeId, unixNow } from '../core/ids';
import { Params, mergeMetadata, optArray, optObject, optString } from '../core/params';
import { invalid } from '../core/stripe-errors';
import { Doc, StripeSession } from '../db/stripe-store';

function address(p: Params, current: unknown): unknown {
  const a = optObject(p, 'address');
  if (!a) return p.address === '' ? null : (current ?? null);
  const field = (k: string) => (typeof a[k] === 'string' && a[k] !== '' ? a[k] : null);
  return {
    city: field('city'),
    country: typeof a.country === 'string' ? a.country.toUpperCase() : null,
    line1: field('line1'),
    line2: field('line2'),
    postal_code: field('postal_code'),
    state: field('state'),
  };
}

export function taxIdDoc(customer: string, type: string, value: string, now = unixNow()): Doc {
  return {
    id: stripeId('txi'),
    object: 'tax_id',
    country: null,
    created: now,
    customer,
    customer_account: null,
    livemode: false,
    owner: { type: 'customer', customer },
    type,
    value,
    verification: { status: 'unavailable', verified_address: null, verified_name: null },
  };
}

/** The time a customer lives in: its test clock's frozen time, or now. */
export async function customerNow(s: StripeSession, customer: Doc): Promise<number> {
  if (typeof customer.test_clock !== 'string') return unixNow();
  const clock = await s.find(customer.test_clock);
  return typeof clock?.frozen_time === 'number' ? clock.frozen_time : unixNow();
}

export async function createCustomer(s: StripeSession, p: Params): Promise<Doc> {
  const clockId = optString(p, 'test_clock');
  const clock = clockId ? await s.get(clockId, 'test_helpers.test_clock', 'test clock', 'test_clock') : undefined;
  const now = typeof clock?.frozen_time === 'number' ? clock.frozen_time : unixNow();
  const id = stripeId('cus', 14);
  const doc: Doc = {
    id,
    object: 'customer',
    address: address(p, null),
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: optString(p, 'description') ?? null,
    discount: null,
    email: optString(p, 'email') ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: mergeMetadata({}, p),
    name: optString(p, 'name') ?? null,
    next_invoice_sequence: 1,
    phone: optString(p, 'phone') ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: clock?.id ?? null,
  };
  await s.put(doc);
  for (const [i, t] of (optArray(p, 'tax_id_data') ?? []).entries()) {
    const item = (t ?? {}) as Params;
    if (typeof item.type !== 'string' || typeof item.value !== 'string' || !item.value)
      throw invalid('Invalid tax id', `tax_id_data[${i}]`);
    await s.put(taxIdDoc(id, item.type, item.value, now));
  }
  s.emit('customer.created', doc, undefined, now);
  return doc;
}

export async function updateCustomer(s: StripeSession, id: string, p: Params): Promise<Doc> {
  const before = await s.get(id, 'customer');
  const settings = optObject(p, 'invoice_settings');
  let invoiceSettings = before.invoice_settings as Record<string, unknown>;
  if (settings && 'default_payment_method' in settings) {
    const pm = typeof settings.default_payment_method === 'string' ? settings.default_payment_method : '';
    if (pm) {
      const method = await s.get(pm, 'payment_method', 'PaymentMethod', 'invoice_settings[default_payment_method]');
      if (method.customer !== id)
        throw invalid(
          'The payment method must be attached to the customer.',
          'invoice_settings[default_payment_method]',
        );
    }
    invoiceSettings = { ...invoiceSettings, default_payment_method: pm || null };
  }
  const after: Doc = {
    ...before,
    address: address(p, before.address),
    description: p.description === '' ? null : (optString(p, 'description') ?? before.description),
    email: p.email === '' ? null : (optString(p, 'email') ?? before.email),
    name: p.name === '' ? null : (optString(p, 'name') ?? before.name),
    phone: p.phone === '' ? null : (optString(p, 'phone') ?? before.phone),
    metadata: mergeMetadata(before.metadata as Record<string, string>, p),
    invoice_settings: invoiceSettings,
  };
  await s.put(after);
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(after))
    if (JSON.stringify(after[k]) !== JSON.stringify(before[k])) previous[k] = before[k];
  if (Object.keys(previous).length) s.emit('customer.updated', after, previous, await customerNow(s, after));
  return after;
}

export async function customerTaxIds(
  s: StripeSession,
  customer: string,
): Promise<Array<{ type: string; value: string }>> {
  const page = await s.list('tax_id', { contains: { customer }, limit: 100 });
  return page.data.map((t) => ({ type: String(t.type), value: String(t.value) }));
}
