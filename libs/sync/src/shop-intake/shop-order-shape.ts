// The part of a Shopify order (the body of orders/create, orders/paid and orders/cancelled) the intake uses,
// checked before anything is stored: a signed body that lacks it is a 400 naming the field.
import { SHOP_TOPICS, ShopTopic } from './shop-event.entity';

export interface ShopLine {
  sku: string;
  quantity: string;
  /** Unit price as the shop sent it (decimal text). */
  price: string;
  title: string;
}

export interface ShopOrderView {
  id: string;
  /** The shop's order name ("#1001"). */
  name: string;
  email: string | null;
  currency: string;
  createdAt: string;
  taxesIncluded: boolean;
  totalPrice: string;
  financialStatus: string | null;
  /** orders/cancelled: when the shop cancelled it (UTC ISO-8601) and Shopify's cancel_reason. */
  cancelledAt: string | null;
  cancelReason: string | null;
  customer: { id: string; email: string | null; firstName: string; lastName: string } | null;
  lines: ShopLine[];
}

export class MalformedShopOrderError extends Error {}

const DECIMAL = /^\d{1,13}(\.\d{1,4})?$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A Shopify id, as text. Ids past 2^53 lose digits in JSON.parse, so the exact
 * `admin_graphql_api_id` ("gid://shopify/Order/820982911946154508") is preferred when sent.
 */
function idOf(record: Record<string, unknown>, field: string): string {
  const gid = record.admin_graphql_api_id;
  if (typeof gid === 'string') {
    const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})$/.exec(gid);
    if (!match) throw new MalformedShopOrderError(`${field} admin_graphql_api_id must be a Shopify gid`);
    return match[1];
  }
  const value = record.id;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  throw new MalformedShopOrderError(
    `${field} must be a positive whole number (past 2^53, send admin_graphql_api_id as Shopify does)`,
  );
}

function textOf(value: unknown, field: string, max = 255): string {
  if (typeof value !== 'string' || value.length > max)
    throw new MalformedShopOrderError(`${field} must be text of at most ${max} characters`);
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : textOf(value, field);
}

function moneyOf(value: unknown, field: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text))
    throw new MalformedShopOrderError(`${field} must be a decimal amount`);
  return text;
}

export function isShopTopic(topic: string | undefined): topic is ShopTopic {
  return (SHOP_TOPICS as readonly string[]).includes(topic ?? '');
}

/** The order of a delivery of `topic`: an orders/cancelled body must say when it was cancelled. */
export function parseShopDelivery(topic: ShopTopic, body: unknown): ShopOrderView {
  const order = parseShopOrder(body);
  if (topic === 'orders/cancelled' && !order.cancelledAt)
    throw new MalformedShopOrderError('cancelled_at must be a date and time (orders/cancelled)');
  return order;
}

/** The order of a webhook body, or MalformedShopOrderError naming the first field that is wrong. */
export function parseShopOrder(body: unknown): ShopOrderView {
  if (!isObject(body)) throw new MalformedShopOrderError('the body must be an order object');
  const items = body.line_items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 250)
    throw new MalformedShopOrderError('line_items must be a list of 1 to 250 lines');
  const lines = items.map((item, i) => {
    if (!isObject(item)) throw new MalformedShopOrderError(`line_items[${i}] must be an object`);
    const quantity = item.quantity;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1)
      throw new MalformedShopOrderError(`line_items[${i}].quantity must be a whole number of at least 1`);
    return {
      sku: (optionalText(item.sku, `line_items[${i}].sku`) ?? '').trim(),
      quantity: String(quantity),
      price: moneyOf(item.price, `line_items[${i}].price`),
      title: optionalText(item.title, `line_items[${i}].title`) ?? '',
    };
  });
  const customer = body.customer;
  if (customer !== undefined && customer !== null && !isObject(customer))
    throw new MalformedShopOrderError('customer must be an object');
  const currency = textOf(body.currency, 'currency', 3);
  if (!/^[A-Z]{3}$/.test(currency)) throw new MalformedShopOrderError('currency must be an ISO 4217 code');
  const createdAt = textOf(body.created_at, 'created_at', 40);
  if (Number.isNaN(Date.parse(createdAt))) throw new MalformedShopOrderError('created_at must be a date and time');
  const cancelledAt = optionalText(body.cancelled_at, 'cancelled_at');
  if (cancelledAt !== null && Number.isNaN(Date.parse(cancelledAt)))
    throw new MalformedShopOrderError('cancelled_at must be a date and time');
  return {
    id: idOf(body, 'id'),
    name: optionalText(body.name, 'name') ?? '',
    email: optionalText(body.email, 'email'),
    currency,
    createdAt: new Date(createdAt).toISOString(),
    taxesIncluded: body.taxes_included === true,
    totalPrice: moneyOf(body.total_price, 'total_price'),
    financialStatus: optionalText(body.financial_status, 'financial_status'),
    cancelledAt: cancelledAt === null ? null : new Date(cancelledAt).toISOString(),
    cancelReason: optionalText(body.cancel_reason, 'cancel_reason'),
    customer: isObject(customer)
      ? {
          id: idOf(customer, 'customer.id'),
          email: optionalText(customer.email, 'customer.email'),
          firstName: optionalText(customer.first_name, 'customer.first_name') ?? '',
          lastName: optionalText(customer.last_name, 'customer.last_name') ?? '',
        }
      : null,
    lines,
  };
}
