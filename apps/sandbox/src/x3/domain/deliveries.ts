import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import {
  X3BusinessError,
  Values,
  dec,
  decimalOf,
  getLines,
  getRow,
  insertRow,
  lineIdOf,
  money,
  mustGet,
  nextNumber,
  stampNow,
  text,
  today,
  updateRow,
} from './store';
import { LineAmounts, currencyDecimals, documentTotals, lineAmounts, priceBasisOf, taxRate } from './pricing';
import { refreshOrderStatuses } from './sales-orders';

/** Creates a delivery (SDELIVERY) for an order; without lines it ships every open quantity. */
export async function createDelivery(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const order = await mustGet(client, 'salesOrder', folder, data.salesOrder, 'Order (SOHNUM)', true);
  if (order.orderStatus === 'closed') throw new X3BusinessError(`Sales order ${order._id}: closed`);
  const orderLines = await getLines(client, 'salesOrderLine', folder, order._id);
  const requested: Values[] =
    (data.lines as Values[] | undefined) ?? orderLines.map((l) => ({ salesOrderLine: l.lineNumber }));
  const id = (data.id as string) || (await nextNumber(client, folder, `SDH${order.shippingSite}`));
  const decimals = await currencyDecimals(client, folder, text(order.currency));
  const priceBasis = priceBasisOf(order.priceBasis);
  const priced: Array<{ taxCode: string; rate: Decimal; amounts: LineAmounts }> = [];
  let lineNumber = 0;
  for (const line of requested) {
    if (line.salesOrderLine === undefined || line.salesOrderLine === null)
      throw new X3BusinessError('Order line (SOPLIN): mandatory field');
    const source = orderLines.find((l) => l.lineNumber === Number(line.salesOrderLine));
    if (!source) throw new X3BusinessError(`Order ${order._id}: line ${text(line.salesOrderLine)} does not exist`);
    const open = decimalOf(source.quantityInSalesUnitOrdered).minus(decimalOf(source.quantityInSalesUnitDelivered));
    const quantity =
      line.quantityInSalesUnitDelivered !== undefined
        ? dec(line.quantityInSalesUnitDelivered, 'Quantity (QTY)', { positive: true })
        : open;
    if (quantity.lte(0)) continue;
    if (quantity.gt(open))
      throw new X3BusinessError(
        `Order ${order._id} line ${source.lineNumber}: quantity ${quantity.toFixed()} exceeds the remaining ${open.toFixed()}`,
      );
    const rate = await taxRate(client, folder, text(source.taxCode));
    const amounts = lineAmounts(decimalOf(source.netPrice), quantity, rate, decimals, priceBasis);
    priced.push({ taxCode: text(source.taxCode), rate, amounts });
    lineNumber += 1000;
    await insertRow(
      client,
      'salesDeliveryLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        salesOrderLine: source.lineNumber,
        product: source.product,
        quantityInSalesUnitDelivered: quantity.toFixed(),
        netPrice: source.netPrice,
        taxCode: source.taxCode,
        lineAmountExcludingTax: money(amounts.excl, decimals),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  if (lineNumber === 0) throw new X3BusinessError(`Order ${order._id}: nothing left to deliver`);
  const totals = documentTotals(priced, decimals, priceBasis);
  await insertRow(
    client,
    'salesDelivery',
    folder,
    id,
    {
      id,
      salesOrder: order._id,
      salesSite: order.salesSite,
      shippingSite: order.shippingSite,
      soldToCustomer: order.soldToCustomer,
      deliveryDate: data.deliveryDate ?? today(),
      shipmentDate: data.shipmentDate ?? today(),
      currency: order.currency,
      totalAmountExcludingTax: money(totals.excl, decimals),
      totalAmountIncludingTax: money(totals.incl, decimals),
    },
    stamp,
  );
  return id;
}

/** Validation (CFMFLG): stock leaves the site and the order's delivery status moves. */
export async function validateDelivery(client: PoolClient, folder: string, id: string): Promise<string> {
  const stamp = stampNow();
  const delivery = await mustGet(client, 'salesDelivery', folder, id, 'Delivery', true);
  if (delivery.isValidated) throw new X3BusinessError(`Delivery ${id}: already validated`);
  const orderLines = await getLines(client, 'salesOrderLine', folder, text(delivery.salesOrder));
  for (const line of await getLines(client, 'salesDeliveryLine', folder, id)) {
    const stockId = `${text(line.product)}|${text(delivery.shippingSite)}`;
    const stock = await getRow(client, 'stock', folder, stockId, true);
    const available = decimalOf(stock?.physicalStock);
    const quantity = decimalOf(line.quantityInSalesUnitDelivered);
    if (available.lt(quantity)) {
      throw new X3BusinessError(
        `Product ${text(line.product)} site ${text(delivery.shippingSite)}: insufficient stock (${available.toFixed()} < ${quantity.toFixed()})`,
      );
    }
    await updateRow(client, 'stock', folder, stockId, { physicalStock: available.minus(quantity).toFixed() }, stamp);
    const source = orderLines.find((l) => l.lineNumber === line.salesOrderLine)!;
    const delivered = decimalOf(source.quantityInSalesUnitDelivered).plus(quantity);
    source.quantityInSalesUnitDelivered = delivered.toFixed();
    await updateRow(
      client,
      'salesOrderLine',
      folder,
      source._id,
      {
        quantityInSalesUnitDelivered: delivered.toFixed(),
        lineStatus: delivered.gte(decimalOf(source.quantityInSalesUnitOrdered)) ? 'closed' : 'pending',
      },
      stamp,
    );
  }
  await updateRow(client, 'salesDelivery', folder, id, { isValidated: true }, stamp);
  await updateRow(client, 'salesOrder', folder, text(delivery.salesOrder), { lastDelivery: id }, stamp);
  await refreshOrderStatuses(client, folder, text(delivery.salesOrder), stamp);
  return id;
}
