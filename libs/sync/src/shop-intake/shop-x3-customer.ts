// The X3 customer (BPCNUM) a shop order is entered for: the shop customer's mapping if there is
// one, else the one X3 customer with the order's email, else a new X3 customer made with the
// connection's defaults under a code derived from the shop customer (so a retry after a lost
// answer finds the customer it made instead of making a second).
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { X3NotFoundError, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { ShopConnection } from './shop-connection.entity';
import { ShopCustomer } from './shop-customer.entity';
import { ShopOrderView } from './shop-order-shape';

/** Only plain addresses are looked up (they go into an X3 filter literal). */
const PLAIN_EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$/;

export type CustomerAnswer = { kind: 'found' | 'created'; code: string } | { kind: 'refused'; reason: string };

/** X3 customer codes are [A-Z0-9_]{1,15}: "SH" + 10 hex of the connection and shop customer (or email). */
export function newCustomerCode(connectionId: string, shopKey: string): string {
  return `SH${createHash('sha256').update(`${connectionId}:${shopKey}`).digest('hex').slice(0, 10).toUpperCase()}`;
}

export function emailOf(order: ShopOrderView): string | null {
  const email = order.customer?.email ?? order.email;
  return email && PLAIN_EMAIL.test(email) ? email : null;
}

export async function mappedCustomer(
  m: EntityManager,
  conn: ShopConnection,
  order: ShopOrderView,
): Promise<string | null> {
  if (!order.customer) return null;
  const row = await m.findOne(ShopCustomer, { where: { connectionId: conn.id, shopCustomerId: order.customer.id } });
  return row?.x3Customer ?? null;
}

async function byEmail(x3: X3Transport, email: string): Promise<X3Record[]> {
  const found: X3Record[] = [];
  for await (const c of x3.list('customer', { filter: `{email:'${email}'}`, pageSize: 3 })) {
    if ((typeof c.email === 'string' ? c.email : '').toLowerCase() === email.toLowerCase()) found.push(c);
    if (found.length > 1) break;
  }
  return found;
}

/** Finds or makes the X3 customer; X3 calls only, the caller records the mapping. */
export async function resolveX3Customer(
  x3: X3Transport,
  conn: ShopConnection,
  order: ShopOrderView,
): Promise<CustomerAnswer> {
  const email = emailOf(order);
  if (email) {
    const found = await byEmail(x3, email);
    if (found.length > 1)
      return {
        kind: 'refused',
        reason: `more than one X3 customer has the email ${email}; map the shop customer to one`,
      };
    if (found.length === 1) return { kind: 'found', code: String(found[0]._id) };
  }
  const shopKey = order.customer?.id ?? email;
  if (!shopKey)
    return { kind: 'refused', reason: 'the order names no customer and no email: no X3 customer to enter it for' };
  const code = newCustomerCode(conn.id, shopKey);
  try {
    await x3.get('customer', code);
    return { kind: 'found', code };
  } catch (e) {
    if (!(e instanceof X3NotFoundError)) throw e;
  }
  const name = [order.customer?.firstName, order.customer?.lastName].filter(Boolean).join(' ').trim() || email || code;
  await x3.create('customer', {
    code,
    companyName: name.slice(0, 35),
    currency: conn.customerDefaults.currency,
    taxRule: conn.customerDefaults.taxRule,
    paymentTerm: conn.customerDefaults.paymentTerm,
    ...(email ? { email } : {}),
  });
  return { kind: 'created', code };
}
