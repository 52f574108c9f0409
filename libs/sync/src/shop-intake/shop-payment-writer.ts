// orders/paid → one Xero Payment on the Xero invoice of the order's X3 invoice, through a
// persisted Xero batch (payload and Idempotency-Key committed before the call; a retry resends the
// same batch). The invoice is found through the order's X3 invoice and the sync's cross-reference
// (X3 invoice ↔ Xero InvoiceID); until both exist the event waits, keyed as the invoices flow
// releases it (`invoice:<X3 invoice>`, or `invoice-of-order:<SOHNUM>` while X3 has not invoiced).
// The Payment is not cross-referenced as ours: the xero-to-x3 payments flow carries it to X3 as a
// receipt, which settles the X3 open item.
import { randomUUID } from 'node:crypto';
import { Not } from 'typeorm';
import { X3Transport } from '#lb/connectors/sage-x3';
import { XeroConnector } from '#lb/connectors/xero';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { toWireNumber, XERO_AMOUNT_DP } from '#lb/mapping';
import { SyncCrossReference } from '../cross-references/cross-reference.entity';
import { waitingKeyOf } from '../drain/entity-plans';
import { ShopConnection } from './shop-connection.entity';
import { ShopOrderView } from './shop-order-shape';
import { ShopOrder } from './shop-order.entity';
import { ShopWriteOutcome } from './shop-order-writer';
import { INVOICE_OF_ORDER, SHOP_ORDER } from './shop-waits';

/** The X3 invoice that bills the order, if X3 has made it. */
async function x3InvoiceOf(x3: X3Transport, x3Order: string): Promise<string | null> {
  for await (const inv of x3.list('salesInvoice', { filter: `{salesOrder:'${x3Order}'}`, pageSize: 5 })) {
    if (inv.invoiceType !== 'creditMemo') return String(inv._id); // a credit memo of the order is not its invoice
  }
  return null;
}

export class ShopPaymentWriter {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly xero: XeroConnector,
  ) {}

  async write(
    tenantId: string,
    conn: ShopConnection,
    integration: Integration,
    order: ShopOrderView,
    paidOn: string,
    x3: () => Promise<X3Transport>,
  ): Promise<ShopWriteOutcome> {
    const row = await this.tx.run(tenantId, (m) =>
      m.findOne(ShopOrder, { where: { connectionId: conn.id, shopOrderId: order.id } }),
    );
    if (!row?.x3Order)
      return {
        kind: 'waiting',
        waitingOn: `${SHOP_ORDER}${order.id}`,
        detail: `waiting on the X3 order of shop order ${order.id}`,
      };
    if (row.xeroPaymentId) return { kind: 'done', detail: `already paid in Xero (Payment ${row.xeroPaymentId})` };
    let batchId = row.paymentBatchId;
    if (!batchId) {
      const transport = await x3();
      const invoice = await x3InvoiceOf(transport, row.x3Order);
      if (!invoice)
        return {
          kind: 'waiting',
          waitingOn: `${INVOICE_OF_ORDER}${row.x3Order}`,
          detail: `waiting on the X3 invoice of order ${row.x3Order}`,
        };
      const waitKey = waitingKeyOf({ entity: 'invoice', key: invoice });
      const prepared = await this.tx.run(tenantId, async (m) => {
        const link = await m.findOne(SyncCrossReference, {
          where: { integrationId: integration.id, entity: 'invoice', x3Key: invoice, state: Not('archived') },
        });
        if (!link?.xeroId) return null;
        const id = randomUUID();
        await this.xero.batches.prepareIn(
          m,
          tenantId,
          integration.xeroConnectionId,
          'payments',
          'create',
          [
            {
              invoice: { invoiceID: link.xeroId },
              account: { code: conn.xeroPaymentAccount },
              date: paidOn,
              amount: toWireNumber(order.totalPrice, XERO_AMOUNT_DP),
              reference: `Shop order ${order.name || order.id}`.slice(0, 255),
            },
          ],
          id,
        );
        await m.update(ShopOrder, { id: row.id }, { paymentBatchId: id });
        return id;
      });
      if (!prepared) return { kind: 'waiting', waitingOn: waitKey, detail: `waiting on ${waitKey} (not in Xero yet)` };
      batchId = prepared;
    }
    const org = await this.xero.orgs.forConnection(tenantId, integration.xeroConnectionId);
    const result = await this.xero.batches.send(org, batchId);
    const outcome = result.outcomes[0];
    if (result.status === 'done' && outcome?.status === 'ok' && outcome.xeroId) {
      await this.tx.run(tenantId, (m) => m.update(ShopOrder, { id: row.id }, { xeroPaymentId: outcome.xeroId }));
      return { kind: 'done', detail: `Xero Payment ${outcome.xeroId} on the invoice of X3 order ${row.x3Order}` };
    }
    return {
      kind: 'dead',
      detail: `Xero refused the payment: ${(outcome?.messages ?? []).join('; ') || result.status}`,
    };
  }
}
