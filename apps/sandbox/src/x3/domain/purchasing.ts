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
import { currencyDecimals } from './pricing';

export async function createPurchaseOrder(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const supplier = await mustGet(client, 'supplier', folder, data.orderFromSupplier, 'Supplier (BPSNUM)');
  const site = await mustGet(client, 'site', folder, data.purchaseSite, 'Order site (POHFCY)');
  const receiptSite = (data.receiptSite as string) || site._id;
  await mustGet(client, 'site', folder, receiptSite, 'Receiving site (PRHFCY)');
  const currency = text(data.currency) || text(supplier.currency);
  const decimals = await currencyDecimals(client, folder, currency);
  const lines = (data.purchaseOrderLines as Values[] | undefined) ?? [];
  if (lines.length === 0) throw new X3BusinessError('Purchase order: at least one line is mandatory');
  const id = (data.id as string) || (await nextNumber(client, folder, `PO${site._id}`));
  let total = new Decimal(0);
  for (const [i, line] of lines.entries()) {
    const product = await mustGet(client, 'product', folder, line.product, `Line ${i + 1}: product (ITMREF)`);
    const quantity = dec(line.quantityInOrderUnitOrdered, `Line ${i + 1}: quantity (QTYPUU)`, { positive: true });
    const price =
      line.grossPrice !== undefined ? dec(line.grossPrice, 'Gross price (GROPRI)') : decimalOf(product.basePrice);
    const amount = price.mul(quantity).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
    total = total.plus(amount);
    const lineNumber = (i + 1) * 1000;
    await insertRow(
      client,
      'purchaseOrderLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        sequenceNumber: 1,
        product: product._id,
        orderUnit: line.orderUnit ?? product.purchaseUnit,
        quantityInOrderUnitOrdered: quantity.toFixed(),
        quantityInStockUnitOrdered: quantity.toFixed(),
        grossPrice: price.toFixed(),
        lineAmountExcludingTax: money(amount, decimals),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  await insertRow(
    client,
    'purchaseOrder',
    folder,
    id,
    {
      id,
      company: site.legalCompany,
      purchaseSite: site._id,
      receiptSite,
      orderFromSupplier: supplier._id,
      orderDate: data.orderDate ?? today(),
      currency,
      internalOrderReference: data.internalOrderReference ?? '',
      receiptStatus: 'no',
      signatureStatus: data.signatureStatus ?? 'totally',
      totalAmountExcludingTax: money(total, decimals),
    },
    stamp,
  );
  return id;
}

export async function updatePurchaseOrder(
  client: PoolClient,
  folder: string,
  id: string,
  data: Values,
): Promise<string> {
  const order = await mustGet(client, 'purchaseOrder', folder, id, 'Purchase order', true);
  if (order.isClosed) throw new X3BusinessError(`Purchase order ${id}: closed`);
  const allowed = ['internalOrderReference', 'signatureStatus', 'orderDate'];
  const bad = Object.keys(data).find((k) => k !== '_id' && k !== 'id' && !allowed.includes(k));
  if (bad) throw new X3BusinessError(`Purchase order ${id}: ${bad} cannot be modified`);
  const { _id, id: _ignored, ...changes } = data;
  await updateRow(client, 'purchaseOrder', folder, id, changes, stampNow());
  return id;
}

const STOCK_STATUSES = ['A', 'Q', 'R'];

/** Purchase receipt (PRECEIPT): receives order lines, moves stock, sets the order's receipt status. */
export async function createPurchaseReceipt(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const site = await mustGet(client, 'site', folder, data.receiptSite, 'Receiving site (PRHFCY)');
  const supplier = await mustGet(client, 'supplier', folder, data.supplier, 'Supplier (BPSNUM)');
  const lines = (data.lines as Values[] | undefined) ?? [];
  if (lines.length === 0) throw new X3BusinessError('Receipt: at least one line is mandatory');
  const id = (data.id as string) || (await nextNumber(client, folder, `REC${site._id}`));
  const orders = new Set<string>();
  let currency = supplier.currency;
  for (const [i, line] of lines.entries()) {
    const label = `Line ${i + 1}`;
    const product = await mustGet(client, 'product', folder, line.product, `${label}: product (ITMREF)`);
    const quantity = dec(line.quantityInReceiptUnitReceived, `${label}: quantity (QTYUOM)`, { positive: true });
    const details = ((line.stockDetails as Values[] | undefined) ?? []).filter(Boolean);
    const status = (details[0]?.status as string | undefined) ?? 'A';
    if (details.some((d) => !STOCK_STATUSES.includes(text(d.status) || 'A')))
      throw new X3BusinessError(`${label}: stock status must be A, Q or R`);
    let orderLine: Values | null = null;
    if (line.purchaseOrder) {
      const order = await mustGet(
        client,
        'purchaseOrder',
        folder,
        line.purchaseOrder,
        `${label}: order (POHNUM)`,
        true,
      );
      if (order.orderFromSupplier !== supplier._id)
        throw new X3BusinessError(`${label}: order ${order._id} is from supplier ${order.orderFromSupplier}`);
      if (order.isClosed) throw new X3BusinessError(`${label}: order ${order._id} is closed`);
      currency = order.currency;
      if (line.purchaseOrderLineNumber === undefined || line.purchaseOrderLineNumber === null)
        throw new X3BusinessError(`${label}: order line (POPLIN): mandatory field`);
      orderLine = await getRow(
        client,
        'purchaseOrderLine',
        folder,
        lineIdOf(order._id, Number(line.purchaseOrderLineNumber)),
        true,
      );
      if (!orderLine)
        throw new X3BusinessError(
          `${label}: order ${order._id} line ${text(line.purchaseOrderLineNumber)} does not exist`,
        );
      if (orderLine.product !== product._id)
        throw new X3BusinessError(
          `${label}: product ${product._id} differs from the order line's ${String(orderLine.product)}`,
        );
      const received = new Decimal(orderLine.quantityInStockUnitReceived as string).plus(quantity);
      await updateRow(
        client,
        'purchaseOrderLine',
        folder,
        orderLine._id as string,
        {
          quantityInStockUnitReceived: received.toFixed(),
          isClosed: received.gte(orderLine.quantityInStockUnitOrdered as string),
        },
        stamp,
      );
      orders.add(order._id);
    }
    const lineNumber = (i + 1) * 1000;
    await insertRow(
      client,
      'purchaseReceiptLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        receiptSite: line.receiptSite ?? site._id,
        purchaseOrder: line.purchaseOrder ?? '',
        purchaseOrderLineNumber: line.purchaseOrderLineNumber ?? 0,
        purchaseOrderSequenceNumber: line.purchaseOrderSequenceNumber ?? (orderLine ? 1 : 0),
        product: product._id,
        receiptUnit: line.receiptUnit ?? product.purchaseUnit,
        quantityInReceiptUnitReceived: quantity.toFixed(),
        quantityInStockUnitReceived: quantity.toFixed(),
        stockStatus: status,
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
    await addStock(client, folder, product._id, site._id, quantity, status, stamp);
  }
  await insertRow(
    client,
    'purchaseReceipt',
    folder,
    id,
    {
      id,
      receiptSite: site._id,
      receiptDate: data.receiptDate ?? today(),
      supplier: supplier._id,
      currency,
      supplierPackingSlip: data.supplierPackingSlip ?? '',
    },
    stamp,
  );
  for (const order of orders) await refreshReceiptStatus(client, folder, order, stamp);
  return id;
}

async function addStock(
  client: PoolClient,
  folder: string,
  product: string,
  site: string,
  quantity: Decimal,
  status: string,
  stamp: Date,
) {
  const stockId = `${product}|${site}`;
  const stock = await getRow(client, 'stock', folder, stockId, true);
  const field = status === 'A' ? 'physicalStock' : 'qualityControlStock';
  if (!stock) await insertRow(client, 'stock', folder, stockId, { product, site, [field]: quantity.toFixed() }, stamp);
  else
    await updateRow(
      client,
      'stock',
      folder,
      stockId,
      { [field]: decimalOf(stock[field]).plus(quantity).toFixed() },
      stamp,
    );
}

async function refreshReceiptStatus(client: PoolClient, folder: string, orderId: string, stamp: Date): Promise<void> {
  const lines = await getLines(client, 'purchaseOrderLine', folder, orderId);
  const full = lines.filter((l) =>
    decimalOf(l.quantityInStockUnitReceived).gte(decimalOf(l.quantityInStockUnitOrdered)),
  ).length;
  const started = lines.filter((l) => decimalOf(l.quantityInStockUnitReceived).gt(0)).length;
  const receiptStatus = full === lines.length ? 'totally' : started > 0 ? 'partly' : 'no';
  await updateRow(
    client,
    'purchaseOrder',
    folder,
    orderId,
    { receiptStatus, isClosed: receiptStatus === 'totally' },
    stamp,
  );
}

/** Supplier invoice (PINVOICE), entered as pending and validated by an action. */
