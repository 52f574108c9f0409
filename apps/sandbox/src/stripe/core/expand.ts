import { Params, stringArray } from './params';
import { invalid } from './stripe-errors';
import { Doc, StripeSession, present } from '../db/stripe-store';

/** Fields Stripe only includes when asked (lists computed from other objects). */
type Includable = (s: StripeSession, doc: Doc) => Promise<unknown>;
const INCLUDABLE: Record<string, Record<string, Includable>> = {
  customer: {
    subscriptions: async (s, doc) => ({
      object: 'list',
      ...(await s.list('subscription', { contains: { customer: doc.id }, limit: 100 })),
      url: `/v1/customers/${doc.id}/subscriptions`,
    }),
    tax_ids: async (s, doc) => ({
      object: 'list',
      ...(await s.list('tax_id', { contains: { customer: doc.id }, limit: 100 })),
      url: `/v1/customers/${doc.id}/tax_ids`,
    }),
  },
  'checkout.session': {
    line_items: (_s, doc) => Promise.resolve(doc._line_items ?? null),
  },
};

async function expandPath(s: StripeSession, value: unknown, path: string[], depth: number): Promise<unknown> {
  if (path.length === 0 || value === null || value === undefined) return value;
  if (depth > 4) throw invalid('You cannot expand more than 4 levels of a property.', 'expand');
  const [field, ...rest] = path;
  if (Array.isArray(value)) return Promise.all(value.map((v) => expandPath(s, v, path, depth)));
  if (typeof value !== 'object') return value;
  const doc = value as Doc;
  let child: unknown = doc[field];
  const include = INCLUDABLE[doc.object]?.[field];
  if (include && (child === undefined || child === null)) child = await include(s, doc);
  else if (typeof child === 'string' && /^[a-z_]+_[A-Za-z0-9_]+$/.test(child)) child = (await s.find(child)) ?? child;
  else if (child === undefined && !(field in doc))
    throw invalid(`This property cannot be expanded (${field}).`, 'expand');
  return { ...doc, [field]: await expandPath(s, child, rest, depth + 1) };
}

/** Applies `expand[]` to one object (or, for lists, paths starting with `data.`). */
export async function expand(s: StripeSession, doc: unknown, p: Params): Promise<unknown> {
  let out = doc;
  for (const path of stringArray(p, 'expand')) out = await expandPath(s, out, path.split('.'), 0);
  return present(out);
}
