import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import {
  X3BusinessError,
  Values,
  dec,
  decimalOf,
  getLines,
  insertRow,
  lineIdOf,
  money,
  mustGet,
  nextNumber,
  stampNow,
  today,
  text,
  updateIfChanged,
  updateRow,
} from './store';
import {
  LineAmounts,
  currencyDecimals,
  defaultTaxCode,
  documentTotals,
  lineAmounts,
  netPriceOf,
  priceBasisOf,
  taxRate,
} from './pricing';
import { documentRate } from './exchange-rates';
import { folderDimensionTypes, lineDimensions } from './dimensions';

const HEADER_UPDATABLE = [
  'customerOrderReference',
  'shipToCustomerAddress',
  'paymentTerm',
  'orderDate',
  'orderType',
  'billToCustomer',
];

export async function createSalesOrder(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const customer = await mustGet(client, 'customer', folder, data.soldToCustomer, 'Sold-to (BPCORD)');
  if (!customer.isActive) throw new X3BusinessError(`Customer ${customer._id}: inactive`);
  const site = await mustGet(client, 'site', folder, data.salesSite, 'Sales site (SALFCY)');
  if (!site.isSales) throw new X3BusinessError(`Site ${site._id}: not a sales site`);
  const shippingSite = (data.shippingSite as string) || site._id;
  await mustGet(client, 'site', folder, shippingSite, 'Shipment site (STOFCY)');
  const currency = text(data.currency) || text(customer.currency);
  await mustGet(client, 'currency', folder, currency, 'Currency (CUR)');
  const taxRule = text(data.taxRule) || text(customer.taxRule);
  const lines = (data.lines as Values[] | undefined) ?? [];
  if (lines.length === 0) throw new X3BusinessError('Sales order: at least one line is mandatory');
  const id = (data.id as string) || (await nextNumber(client, folder, `SO${site._id}`));
  const decimals = await currencyDecimals(client, folder, currency);
  const priceBasis = priceBasisOf(data.priceBasis);
  const orderDate = text(data.orderDate) || today();
  const company = await mustGet(client, 'company', folder, site.legalCompany, 'Company (CPY)');
  const { rateType, rate } = await documentRate(client, folder, {
    currency,
    companyCurrency: text(company.accountingCurrency),
    rateType: data.rateType,
    date: orderDate,
  });
  const dimensionTypes = await folderDimensionTypes(client, folder);
  const priced: Array<{ taxCode: string; rate: Decimal; amounts: LineAmounts }> = [];
  for (const [index, line] of lines.entries()) {
    const label = `Line ${index + 1}`;
    const product = await mustGet(client, 'product', folder, line.product, `${label}: product (ITMREF)`);
    if (!product.isSold || product.productStatus !== 'active')
      throw new X3BusinessError(`${label}: product ${product._id} cannot be sold`);
    const quantity = dec(line.quantityInSalesUnitOrdered, `${label}: quantity (QTY)`, { positive: true });
    const gross =
      line.grossPrice !== undefined
        ? dec(line.grossPrice, `${label}: gross price (GROPRI)`)
        : decimalOf(product.basePrice);
    const discount = line.discount !== undefined ? dec(line.discount, `${label}: discount`) : new Decimal(0);
    const netPrice = netPriceOf(gross, discount);
    const taxCode = text(line.taxCode) || (await defaultTaxCode(client, folder, taxRule, text(product.taxLevel)));
    await mustGet(client, 'taxCode', folder, taxCode, `${label}: tax (VAT)`);
    const lineRate = await taxRate(client, folder, taxCode);
    const amounts = lineAmounts(netPrice, quantity, lineRate, decimals, priceBasis);
    priced.push({ taxCode, rate: lineRate, amounts });
    const lineNumber = (index + 1) * 1000;
    await insertRow(
      client,
      'salesOrderLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        product: product._id,
        productDescription: line.productDescription ?? product.description1,
        salesUnit: line.salesUnit ?? product.salesUnit,
        shippingSite: line.shippingSite ?? shippingSite,
        quantityInSalesUnitOrdered: quantity.toFixed(),
        grossPrice: gross.toFixed(),
        discount: discount.toFixed(),
        netPrice: netPrice.toFixed(),
        taxCode,
        lineAmountExcludingTax: money(amounts.excl, decimals),
        lineAmountIncludingTax: money(amounts.incl, decimals),
        lineStatus: 'pending',
        ...(await lineDimensions(client, folder, dimensionTypes, line, label)),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  const totals = documentTotals(priced, decimals, priceBasis);
  await insertRow(
    client,
    'salesOrder',
    folder,
    id,
    {
      id,
      orderType: data.orderType ?? 'SON',
      category: data.category ?? 'normal',
      company: site.legalCompany,
      salesSite: site._id,
      shippingSite,
      soldToCustomer: customer._id,
      billToCustomer: data.billToCustomer ?? (customer.billToCustomer || customer._id),
      shipToCustomerAddress: data.shipToCustomerAddress ?? customer.defaultAddress,
      orderDate,
      customerOrderReference: data.customerOrderReference ?? '',
      currency,
      taxRule,
      paymentTerm: data.paymentTerm ?? customer.paymentTerm,
      priceBasis,
      rateType,
      exchangeRate: rate.toFixed(),
      orderStatus: 'open',
      allocationStatus: 'notAllocated',
      deliveryStatus: 'notDelivered',
      invoicingStatus: 'notInvoiced',
      totalAmountExcludingTax: money(totals.excl, decimals),
      totalAmountIncludingTax: money(totals.incl, decimals),
    },
    stamp,
  );
  return id;
}

export async function updateSalesOrder(client: PoolClient, folder: string, id: string, data: Values): Promise<string> {
  const order = await mustGet(client, 'salesOrder', folder, id, 'Sales order', true);
  if (order.orderStatus === 'closed')
    throw new X3BusinessError(`Sales order ${id}: closed order, modification not allowed`);
  const changes: Values = {};
  for (const [name, value] of Object.entries(data)) {
    if (name === '_id' || name === 'id') continue;
    if (!HEADER_UPDATABLE.includes(name)) throw new X3BusinessError(`Sales order ${id}: ${name} cannot be modified`);
    changes[name] = value;
  }
  if (changes.billToCustomer)
    await mustGet(client, 'customer', folder, changes.billToCustomer, 'Bill-to customer (BPCINV)');
  await updateRow(client, 'salesOrder', folder, id, changes, stampNow());
  return id;
}

type Qty = 'quantityInSalesUnitDelivered' | 'quantityInSalesUnitInvoiced' | 'quantityInSalesUnitAllocated';

/** Recomputes the header statuses from the lines, as X3 does after a delivery or an invoice. */
export async function refreshOrderStatuses(
  client: PoolClient,
  folder: string,
  orderId: string,
  stamp: Date,
): Promise<void> {
  const order = await mustGet(client, 'salesOrder', folder, orderId, 'Sales order', true);
  const lines = await getLines(client, 'salesOrderLine', folder, orderId);
  const status = (qty: Qty, none: string, partly: string, all: string) => {
    const done = lines.filter((l) => decimalOf(l[qty]).gte(decimalOf(l.quantityInSalesUnitOrdered))).length;
    const started = lines.filter((l) => decimalOf(l[qty]).gt(0)).length;
    return done === lines.length ? all : started > 0 ? partly : none;
  };
  const deliveryStatus = status('quantityInSalesUnitDelivered', 'notDelivered', 'partlyDelivered', 'delivered');
  const invoicingStatus = status('quantityInSalesUnitInvoiced', 'notInvoiced', 'partlyInvoiced', 'invoiced');
  const allocationStatus = status('quantityInSalesUnitAllocated', 'notAllocated', 'partlyAllocated', 'allocated');
  const orderStatus = deliveryStatus === 'delivered' && invoicingStatus === 'invoiced' ? 'closed' : 'open';
  await updateIfChanged(
    client,
    'salesOrder',
    folder,
    order,
    { deliveryStatus, invoicingStatus, allocationStatus, orderStatus },
    stamp,
  );
}

/**
 * The order's Close action (X3's "Close" in the sales order's Actions menu, and per line): the
 * lines' remaining quantities are closed (SOQSTA 3 Closed) and the order too (ORDSTA 2 Closed,
 * CCLDAT the closing date). X3 offers it on an order nothing was delivered of, when the customer
 * allows order closing (Greytrix, "Close sales order and order lines in Sage X3", 2021-10-27: the
 * customer's Commercial tab, "Allow order close"; that flag is not modelled here). An order with a
 * delivery or an invoice is refused here: what left the warehouse is returned and credited, not closed.
 */
export async function closeSalesOrder(client: PoolClient, folder: string, id: string): Promise<string> {
  const stamp = stampNow();
  const order = await mustGet(client, 'salesOrder', folder, id, 'Sales order', true);
  if (order.orderStatus === 'closed') throw new X3BusinessError(`Sales order ${id}: already closed`);
  if (order.deliveryStatus !== 'notDelivered' || order.invoicingStatus !== 'notInvoiced')
    throw new X3BusinessError(`Sales order ${id}: delivered or invoiced, closing not allowed`);
  for (const line of await getLines(client, 'salesOrderLine', folder, id))
    await updateIfChanged(client, 'salesOrderLine', folder, line, { lineStatus: 'closed' }, stamp);
  await updateRow(client, 'salesOrder', folder, id, { orderStatus: 'closed', closingDate: today() }, stamp);
  return id;
}

const LINE_CHANGEABLE = ['productDescription', 'quantityInSalesUnitAllocated'];

/**
 * A change saved on one order line (a description edit, an allocation): X3 writes the line tables
 * (SORDERP / SORDERQ) and rewrites the header only when one of its own fields (ALLSTA) changes.
 */
export async function changeSalesOrderLine(
  client: PoolClient,
  folder: string,
  orderId: string,
  lineNumber: number,
  data: Values,
): Promise<{ salesOrder: string; lineNumber: number }> {
  const stamp = stampNow();
  const order = await mustGet(client, 'salesOrder', folder, orderId, 'Sales order', true);
  if (order.orderStatus === 'closed') throw new X3BusinessError(`Sales order ${orderId}: closed`);
  const line = await mustGet(client, 'salesOrderLine', folder, lineIdOf(orderId, lineNumber), 'Order line', true);
  const bad = Object.keys(data).find((name) => !LINE_CHANGEABLE.includes(name));
  if (bad) throw new X3BusinessError(`Order line ${lineNumber}: ${bad} cannot be modified here`);
  const changes: Values = {};
  if (data.productDescription !== undefined) changes.productDescription = text(data.productDescription);
  if (data.quantityInSalesUnitAllocated !== undefined) {
    const allocated = dec(data.quantityInSalesUnitAllocated, 'Allocated quantity (ALLQTY)');
    const open = decimalOf(line.quantityInSalesUnitOrdered).minus(decimalOf(line.quantityInSalesUnitDelivered));
    if (allocated.lt(0) || allocated.gt(open))
      throw new X3BusinessError(`Order line ${lineNumber}: allocation must be 0..${open.toFixed()}`);
    changes.quantityInSalesUnitAllocated = allocated.toFixed();
  }
  await updateIfChanged(client, 'salesOrderLine', folder, line, changes, stamp);
  await refreshOrderStatuses(client, folder, orderId, stamp);
  return { salesOrder: orderId, lineNumber };
}
