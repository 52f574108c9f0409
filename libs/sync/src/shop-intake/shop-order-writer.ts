// orders/create → one X3 sales order (SOH) in the integration's company. Idempotent: the
// shop_orders row is claimed before X3 is asked, so a second delivery or a retry finds the X3 order
// recorded, or — when X3's answer was lost — finds it in X3 by its customer order reference.
import { EntityManager } from 'typeorm';
import { X3NotFoundError, X3Record, X3Transport, X3ValidationError } from '#lb/connectors/sage-x3';
import { TenantTransactions } from '#lb/database';
import { ShopConnection } from './shop-connection.entity';
import { ShopOrderView } from './shop-order-shape';
import { ShopOrder } from './shop-order.entity';
import { mappedCustomer, resolveX3Customer } from './shop-x3-customer';

export type ShopWriteOutcome =
  | { kind: 'done'; detail: string }
  | { kind: 'dead'; detail: string }
  | { kind: 'waiting'; waitingOn: string; detail: string };

/** What the X3 order carries to be found again: CUSORDREF (20 characters). */
export function orderReferenceOf(order: ShopOrderView): string {
  return `SHOP${order.id}`.slice(0, 20);
}

async function unknownSkus(x3: X3Transport, order: ShopOrderView): Promise<string[]> {
  const unknown: string[] = [];
  for (const sku of new Set(order.lines.map((l) => l.sku))) {
    try {
      await x3.get('product', sku);
    } catch (e) {
      if (e instanceof X3NotFoundError) unknown.push(sku);
      else throw e;
    }
  }
  return unknown;
}

async function foundByReference(x3: X3Transport, reference: string): Promise<X3Record | null> {
  for await (const o of x3.list('salesOrder', { filter: `{customerOrderReference:'${reference}'}`, pageSize: 2 }))
    return o;
  return null;
}

export class ShopOrderWriter {
  constructor(private readonly tx: TenantTransactions) {}

  async write(
    tenantId: string,
    conn: ShopConnection,
    order: ShopOrderView,
    x3: X3Transport,
  ): Promise<ShopWriteOutcome> {
    const recorded = await this.tx.run(tenantId, (m) => this.claim(m, tenantId, conn, order.id));
    if (recorded.x3Order) return { kind: 'done', detail: `already X3 sales order ${recorded.x3Order}` };
    const reference = orderReferenceOf(order);
    const before = await foundByReference(x3, reference);
    if (before) return this.record(tenantId, conn, order, String(before._id), null, 'found');

    const blank = order.lines.findIndex((l) => !l.sku);
    if (blank >= 0)
      return {
        kind: 'dead',
        detail: `line ${blank + 1} (${order.lines[blank].title}) has no SKU: X3 needs a product code (ITMREF)`,
      };
    const unknown = await unknownSkus(x3, order);
    if (unknown.length)
      return {
        kind: 'dead',
        detail: `unknown SKU ${unknown.join(', ')}: no X3 product (ITMREF) has that code; create it in X3 or fix the SKU, then replay`,
      };

    let customer = await this.tx.run(tenantId, (m) => mappedCustomer(m, conn, order));
    if (!customer) {
      const answer = await resolveX3Customer(x3, conn, order);
      if (answer.kind === 'refused') return { kind: 'dead', detail: answer.reason };
      customer = answer.code;
    }
    try {
      const made = await x3.create('salesOrder', {
        salesSite: conn.salesSite,
        soldToCustomer: customer,
        customerOrderReference: reference,
        orderDate: order.createdAt.slice(0, 10),
        currency: order.currency,
        priceBasis: order.taxesIncluded ? 'includingTax' : 'excludingTax',
        lines: order.lines.map((l) => ({
          product: l.sku,
          quantityInSalesUnitOrdered: l.quantity,
          grossPrice: l.price,
        })),
      });
      return this.record(tenantId, conn, order, String(made._id), customer, 'created');
    } catch (e) {
      if (e instanceof X3ValidationError)
        return { kind: 'dead', detail: `X3 refused the order: ${e.messages.join('; ')}` };
      throw e;
    }
  }

  private async claim(
    m: EntityManager,
    tenantId: string,
    conn: ShopConnection,
    shopOrderId: string,
  ): Promise<ShopOrder> {
    await m.query(
      `INSERT INTO shop_orders (tenant_id, connection_id, shop_order_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, connection_id, shop_order_id) DO NOTHING`,
      [tenantId, conn.id, shopOrderId],
    );
    return m.findOneOrFail(ShopOrder, { where: { connectionId: conn.id, shopOrderId } });
  }

  private record(
    tenantId: string,
    conn: ShopConnection,
    order: ShopOrderView,
    x3Order: string,
    customer: string | null,
    how: 'created' | 'found',
  ): Promise<ShopWriteOutcome> {
    return this.tx.run(tenantId, async (m) => {
      await m.update(
        ShopOrder,
        { connectionId: conn.id, shopOrderId: order.id },
        { x3Order, ...(customer ? { x3Customer: customer } : {}) },
      );
      if (customer && order.customer) {
        await m.query(
          `INSERT INTO shop_customers (tenant_id, connection_id, shop_customer_id, x3_customer) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id, connection_id, shop_customer_id) DO NOTHING`,
          [tenantId, conn.id, order.customer.id, customer],
        );
      }
      const detail =
        how === 'created'
          ? `X3 sales order ${x3Order} (customer ${customer})`
          : `X3 sales order ${x3Order}, found by its reference`;
      return { kind: 'done', detail } as const;
    });
  }
}
