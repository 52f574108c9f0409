import { parseShopDelivery, parseShopOrder } from './shop-order-shape';
import { shopSignature, verifyShopSignature } from './shop-signature';

const order = {
  id: 450789469,
  name: '#1001',
  email: 'bob@example.com',
  currency: 'NZD',
  created_at: '2026-11-20T09:30:00+13:00',
  total_price: '59.75',
  line_items: [{ sku: ' NZFOOD01 ', quantity: 2, price: '24.90', title: 'Honey' }],
};

describe('shop webhook bodies and signatures', () => {
  it('reads the order: ids as text (the gid when sent), SKUs trimmed, prices as sent, created_at in UTC', () => {
    expect(parseShopOrder(order)).toMatchObject({
      id: '450789469',
      createdAt: '2026-11-19T20:30:00.000Z',
      taxesIncluded: false,
      lines: [{ sku: 'NZFOOD01', quantity: '2', price: '24.90', title: 'Honey' }],
      customer: null,
    });
    expect(
      parseShopOrder({
        ...order,
        id: 820982911946154500,
        admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
      }).id,
    ).toBe('820982911946154508');
  });

  it.each([
    [{ ...order, id: 820982911946154500 }, /past 2\^53/],
    [{ ...order, admin_graphql_api_id: 'gid://other/1' }, /admin_graphql_api_id must be a Shopify gid/],
    [{ ...order, currency: 'nzd' }, /currency must be an ISO 4217 code/],
    [{ ...order, total_price: 59.755555 }, /total_price must be a decimal amount/],
    [{ ...order, created_at: 'yesterday' }, /created_at must be a date and time/],
    [{ ...order, line_items: [{ ...order.line_items[0], price: '-1' }] }, /line_items\[0\]\.price/],
    [{ ...order, line_items: [{ ...order.line_items[0], quantity: 0 }] }, /line_items\[0\]\.quantity/],
    [{ ...order, customer: [] }, /customer must be an object/],
    [[order], /the body must be an order object/],
  ])('refuses %j', (body, message) => {
    expect(() => parseShopOrder(body)).toThrow(message);
  });

  it('an orders/cancelled body says when (in UTC) and may say why; the other topics need neither', () => {
    const cancelled = { ...order, cancelled_at: '2026-11-21T08:00:00+13:00', cancel_reason: 'customer' };
    expect(parseShopDelivery('orders/cancelled', cancelled)).toMatchObject({
      cancelledAt: '2026-11-20T19:00:00.000Z',
      cancelReason: 'customer',
    });
    expect(parseShopDelivery('orders/create', order)).toMatchObject({ cancelledAt: null, cancelReason: null });
    expect(() => parseShopDelivery('orders/cancelled', order)).toThrow(
      'cancelled_at must be a date and time (orders/cancelled)',
    );
    expect(() => parseShopDelivery('orders/cancelled', { ...cancelled, cancelled_at: 'soon' })).toThrow(
      'cancelled_at must be a date and time',
    );
    expect(() => parseShopDelivery('orders/cancelled', { ...cancelled, cancel_reason: 7 })).toThrow(
      'cancel_reason must be text',
    );
  });

  it('verifies the base64 HMAC-SHA256 of the raw bytes in constant time; anything else is false', () => {
    const raw = Buffer.from(JSON.stringify(order));
    const good = shopSignature(raw, 'secret-1');
    expect(verifyShopSignature(raw, good, 'secret-1')).toBe(true);
    expect(verifyShopSignature(raw, good, 'secret-2')).toBe(false);
    expect(verifyShopSignature(Buffer.from(`${raw.toString()} `), good, 'secret-1')).toBe(false);
    expect(verifyShopSignature(raw, undefined, 'secret-1')).toBe(false);
    expect(verifyShopSignature(undefined, good, 'secret-1')).toBe(false);
    expect(verifyShopSignature(raw, good.slice(0, -2), 'secret-1')).toBe(false);
    expect(verifyShopSignature(raw, Buffer.from(good).toString('hex'), 'secret-1')).toBe(false);
  });
});
