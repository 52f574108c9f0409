import { stripeId, unixNow } from '../core/ids';
import { Params, mergeMetadata, optBool, optInt, optObject, optString, reqString } from '../core/params';
import { invalid } from '../core/stripe-errors';
import { Doc, StripeSession } from '../db/stripe-store';

/** The plans seeded into every account: lookup keys the billing module asks for, amounts in cents. */
export const SEED_PLANS = [
  { plan: 'starter', name: 'Ledgerbridge Starter', monthly: 4900, yearly: 49000 },
  { plan: 'growth', name: 'Ledgerbridge Growth', monthly: 14900, yearly: 149000 },
  { plan: 'scale', name: 'Ledgerbridge Scale', monthly: 39900, yearly: 399000 },
] as const;
export const SEED_CURRENCY = 'usd';

export function productDoc(p: Params, now = unixNow()): Doc {
  return {
    id: optString(p, 'id') ?? stripeId('prod', 14),
    object: 'product',
    active: optBool(p, 'active') ?? true,
    created: now,
    default_price: null,
    description: optString(p, 'description') ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p),
    name: reqString(p, 'name'),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
}

export async function priceDoc(s: StripeSession, p: Params, now = unixNow()): Promise<Doc> {
  const currency = reqString(p, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency', 'currency');
  const unitAmount = optInt(p, 'unit_amount', 0, 99_999_999);
  if (unitAmount === undefined)
    throw invalid('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  const product = await s.get(reqString(p, 'product'), 'product', 'product', 'product');
  const rec = optObject(p, 'recurring');
  let recurring: Doc['recurring'] = null;
  if (rec) {
    const interval = typeof rec.interval === 'string' ? rec.interval : '';
    if (!['day', 'week', 'month', 'year'].includes(interval))
      throw invalid('Invalid recurring[interval]', 'recurring[interval]');
    const count = optInt(rec, 'interval_count', 1, 36) ?? 1;
    recurring = { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
  }
  const lookupKey = optString(p, 'lookup_key') ?? null;
  if (lookupKey) {
    const clash = await s.list('price', { contains: { lookup_key: lookupKey }, limit: 1 });
    if (clash.data.length && optBool(p, 'transfer_lookup_key') !== true)
      throw invalid(`A price (\`${clash.data[0].id}\`) already uses that lookup key.`, 'lookup_key');
    for (const other of clash.data) await s.put({ ...other, lookup_key: null });
  }
  return {
    id: stripeId('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: now,
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: mergeMetadata({}, p),
    nickname: optString(p, 'nickname') ?? null,
    product: product.id,
    recurring,
    tax_behavior: optString(p, 'tax_behavior') ?? 'exclusive',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  };
}

/** The legacy Plan view of a recurring price that subscription items still carry. */
export function planOf(price: Doc): Doc {
  const rec = (price.recurring ?? {}) as { interval?: string; interval_count?: number };
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: rec.interval ?? 'month',
    interval_count: rec.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

/** Seeds a new account's catalogue: one product per plan with monthly and yearly prices. */
export async function seedCatalog(s: StripeSession): Promise<void> {
  for (const plan of SEED_PLANS) {
    const product = await s.put(productDoc({ name: plan.name, metadata: { plan: plan.plan } }));
    for (const [interval, amount] of [
      ['month', plan.monthly],
      ['year', plan.yearly],
    ] as const) {
      const price = await priceDoc(s, {
        product: product.id,
        currency: SEED_CURRENCY,
        unit_amount: String(amount),
        recurring: { interval },
        lookup_key: `${plan.plan}_${interval === 'month' ? 'monthly' : 'yearly'}`,
        nickname: `${plan.name} (${interval === 'month' ? 'monthly' : 'yearly'})`,
        metadata: { plan: plan.plan },
      });
      await s.put(price);
      if (interval === 'month') await s.put({ ...product, default_price: price.id });
    }
  }
}
