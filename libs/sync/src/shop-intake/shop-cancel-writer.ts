// orders/cancelled → the shop order's X3 sales order closed (X3's Close action: ORDSTA Closed, its
// lines SOQSTA Closed), while nothing of it left the warehouse. An order X3 already delivered or
// invoiced is not touched: the event is dead with what the accountant does instead. A cancel that
// comes before its order's create waits on `shop-order:<id>` and is released when the order is in X3.
import { X3NotFoundError, X3Record, X3Transport, X3ValidationError } from '#lb/connectors/sage-x3';
import { TenantTransactions } from '#lb/database';
import { ShopConnection } from './shop-connection.entity';
import { ShopOrderView } from './shop-order-shape';
import { ShopOrder } from './shop-order.entity';
import { ShopWriteOutcome } from './shop-order-writer';
import { SHOP_ORDER } from './shop-waits';

async function firstOf(x3: X3Transport, entity: 'salesDelivery' | 'salesInvoice', x3Order: string) {
  for await (const doc of x3.list(entity, { filter: `{salesOrder:'${x3Order}'}`, pageSize: 5 })) {
    if (entity === 'salesInvoice' && doc.invoiceType === 'creditMemo') continue;
    return String(doc._id);
  }
  return null;
}

/** Why a delivered or invoiced X3 order is left as it is, and what to do in X3 instead; null when it may be closed. */
export async function notClosable(x3: X3Transport, so: X3Record): Promise<string | null> {
  const id = String(so._id);
  if (so.invoicingStatus && so.invoicingStatus !== 'notInvoiced') {
    const invoice = (await firstOf(x3, 'salesInvoice', id)) ?? 'of the order';
    return (
      `invoiced: X3 sales order ${id} is billed by invoice ${invoice}, so it was not closed; ` +
      `issue a credit note in X3 against invoice ${invoice} for the cancelled order ` +
      `(and a customer return if the goods come back), then refund the buyer in the shop if they paid`
    );
  }
  if (so.deliveryStatus && so.deliveryStatus !== 'notDelivered') {
    const delivery = (await firstOf(x3, 'salesDelivery', id)) ?? 'of the order';
    return (
      `delivered: X3 sales order ${id} was shipped (delivery ${delivery}), so it was not closed; ` +
      `issue a credit note in X3 once it is invoiced, and enter a customer return in X3 against ` +
      `delivery ${delivery} when the goods come back`
    );
  }
  return null;
}

export class ShopCancelWriter {
  constructor(private readonly tx: TenantTransactions) {}

  async write(
    tenantId: string,
    conn: ShopConnection,
    order: ShopOrderView,
    x3: () => Promise<X3Transport>,
  ): Promise<ShopWriteOutcome> {
    const row = await this.tx.run(tenantId, (m) =>
      m.findOne(ShopOrder, { where: { connectionId: conn.id, shopOrderId: order.id } }),
    );
    if (!row?.x3Order)
      return {
        kind: 'waiting',
        waitingOn: `${SHOP_ORDER}${order.id}`,
        detail: `waiting on the X3 order of shop order ${order.id} before cancelling it`,
      };
    const transport = await x3();
    let so: X3Record;
    try {
      so = await transport.get('salesOrder', row.x3Order);
    } catch (e) {
      if (e instanceof X3NotFoundError)
        return { kind: 'dead', detail: `X3 sales order ${row.x3Order} no longer exists in X3: nothing to close` };
      throw e;
    }
    const refusal = await notClosable(transport, so);
    if (refusal) return { kind: 'dead', detail: refusal };
    if (so.orderStatus === 'closed') return { kind: 'done', detail: `X3 sales order ${row.x3Order} already closed` };
    try {
      await transport.runAction('salesOrder', 'close', row.x3Order);
    } catch (e) {
      if (e instanceof X3ValidationError)
        return { kind: 'dead', detail: `X3 refused to close sales order ${row.x3Order}: ${e.messages.join('; ')}` };
      throw e;
    }
    const why = order.cancelReason ? ` (${order.cancelReason})` : '';
    return { kind: 'done', detail: `X3 sales order ${row.x3Order} closed: cancelled at the shop${why}` };
  }
}
