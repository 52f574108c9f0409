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
  text,
  today,
  updateRow,
} from './store';
import {
  LineAmounts,
  addDays,
  currencyDecimals,
  defaultTaxCode,
  documentTotals,
  lineAmounts,
  netPriceOf,
  paymentTermDays,
  priceBasisOf,
  taxRate,
} from './pricing';
import { documentRate } from './exchange-rates';
import { refreshOrderStatuses } from './sales-orders';
import { folderDimensionTypes, lineDimensions } from './dimensions';
import { insertTaxFooter } from './tax-footer';

interface DraftLine {
  product: string;
  productDescription?: string;
  quantity: Decimal;
  grossPrice: Decimal;
  discount: Decimal;
  netPrice: Decimal;
  taxCode: string;
  salesOrder?: string;
  salesOrderLine?: number;
  salesDelivery?: string;
  /** DIE(n) / CCE(n), checked against the folder's dimensions. */
  dimensions: Values;
}

/** A free invoice line: a gross price less its discount, or a net price as given. */
async function freeLine(
  client: PoolClient,
  folder: string,
  line: Values,
  index: number,
  taxRule: string,
  dimensionTypes: string[],
) {
  const label = `Line ${index + 1}`;
  const product = await mustGet(client, 'product', folder, line.product, `${label}: product (ITMREF)`);
  const discount = line.discount !== undefined ? dec(line.discount, `${label}: discount (DISCRGVAL1)`) : new Decimal(0);
  const gross =
    line.grossPrice !== undefined
      ? dec(line.grossPrice, `${label}: gross price (GROPRI)`)
      : line.netPrice !== undefined
        ? dec(line.netPrice, `${label}: net price (NETPRI)`)
        : new Decimal(text(product.basePrice) || 0);
  const draft: DraftLine = {
    product: text(product._id),
    productDescription: line.productDescription as string | undefined,
    quantity: dec(line.quantityInSalesUnitInvoiced, `${label}: quantity (QTY)`, { positive: true }),
    grossPrice: gross,
    discount,
    netPrice: line.grossPrice !== undefined ? netPriceOf(gross, discount) : gross,
    taxCode: text(line.taxCode) || (await defaultTaxCode(client, folder, taxRule, text(product.taxLevel))),
    salesOrder: line.salesOrder as string | undefined,
    salesOrderLine: line.salesOrderLine as number | undefined,
    dimensions: await lineDimensions(client, folder, dimensionTypes, line, label),
  };
  return draft;
}

/** Sales invoice (SINVOICE) from a validated delivery, or free lines (credit memos, direct invoices). */
export async function createSalesInvoice(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  let header: Values;
  const drafts: DraftLine[] = [];
  const dimensionTypes = await folderDimensionTypes(client, folder);
  const delivery = data.salesDelivery
    ? await mustGet(client, 'salesDelivery', folder, data.salesDelivery, 'Delivery (SDHNUM)', true)
    : null;
  if (delivery) {
    if (!delivery.isValidated) throw new X3BusinessError(`Delivery ${delivery._id}: not validated`);
    if (delivery.isInvoiced) throw new X3BusinessError(`Delivery ${delivery._id}: already invoiced`);
    const order = await mustGet(client, 'salesOrder', folder, delivery.salesOrder, 'Order');
    header = {
      salesSite: order.salesSite,
      billToCustomer: order.billToCustomer,
      currency: order.currency,
      paymentTerm: order.paymentTerm,
      priceBasis: order.priceBasis,
      rateType: data.rateType ?? order.rateType,
      salesOrder: order._id,
      salesDelivery: delivery._id,
    };
    const orderLines = await getLines(client, 'salesOrderLine', folder, text(order._id));
    // Each invoice line inherits its order line's prices and dimensions, as X3 carries them along.
    for (const [i, l] of (await getLines(client, 'salesDeliveryLine', folder, text(delivery._id))).entries()) {
      const source = orderLines.find((o) => o.lineNumber === l.salesOrderLine);
      drafts.push({
        product: text(l.product),
        quantity: decimalOf(l.quantityInSalesUnitDelivered),
        grossPrice: source ? decimalOf(source.grossPrice) : decimalOf(l.netPrice),
        discount: decimalOf(source?.discount),
        netPrice: decimalOf(l.netPrice),
        taxCode: text(l.taxCode),
        salesOrder: order._id,
        salesOrderLine: Number(l.salesOrderLine),
        salesDelivery: delivery._id,
        dimensions: await lineDimensions(client, folder, dimensionTypes, {}, `Line ${i + 1}`, source ?? {}),
      });
    }
  } else {
    const customer = await mustGet(client, 'customer', folder, data.billToCustomer, 'Bill-to customer (BPR)');
    header = {
      salesSite: data.salesSite,
      billToCustomer: customer._id,
      currency: data.currency || customer.currency,
      paymentTerm: data.paymentTerm || customer.paymentTerm,
      priceBasis: data.priceBasis,
      rateType: data.rateType,
      salesOrder: data.salesOrder ?? '',
    };
    const lines = (data.lines as Values[] | undefined) ?? [];
    if (lines.length === 0) throw new X3BusinessError('Invoice: at least one line is mandatory');
    for (const [i, l] of lines.entries())
      drafts.push(await freeLine(client, folder, l, i, text(customer.taxRule), dimensionTypes));
  }
  const site = await mustGet(client, 'site', folder, header.salesSite, 'Sales site (FCY)');
  const currency = text(header.currency);
  await mustGet(client, 'currency', folder, currency, 'Currency (CUR)');
  const company = await mustGet(client, 'company', folder, site.legalCompany, 'Company (CPY)');
  const invoiceType = (data.invoiceType as string) ?? 'invoice';
  if (data.originalInvoice) await mustGet(client, 'salesInvoice', folder, data.originalInvoice, 'Source invoice');
  const accountingDate = text(data.accountingDate) || today();
  const priceBasis = priceBasisOf(header.priceBasis);
  const { rateType, rate } = await documentRate(client, folder, {
    currency,
    companyCurrency: text(company.accountingCurrency),
    rateType: header.rateType,
    date: accountingDate,
  });
  const id =
    (data.id as string) ||
    (await nextNumber(client, folder, `${invoiceType === 'creditMemo' ? 'SCM' : 'SIH'}${site._id}`));
  const decimals = await currencyDecimals(client, folder, currency);
  const priced: Array<{ taxCode: string; rate: Decimal; amounts: LineAmounts }> = [];
  for (const [i, draft] of drafts.entries()) {
    await mustGet(client, 'taxCode', folder, draft.taxCode, `Line ${i + 1}: tax (VAT)`);
    const lineRate = await taxRate(client, folder, draft.taxCode);
    const amounts = lineAmounts(draft.netPrice, draft.quantity, lineRate, decimals, priceBasis);
    priced.push({ taxCode: draft.taxCode, rate: lineRate, amounts });
    const lineNumber = (i + 1) * 1000;
    await insertRow(
      client,
      'salesInvoiceLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        product: draft.product,
        productDescription: draft.productDescription ?? '',
        quantityInSalesUnitInvoiced: draft.quantity.toFixed(),
        grossPrice: draft.grossPrice.toFixed(),
        discount: draft.discount.toFixed(),
        netPrice: draft.netPrice.toFixed(),
        taxCode: draft.taxCode,
        lineAmountExcludingTax: money(amounts.excl, decimals),
        lineAmountIncludingTax: money(amounts.incl, decimals),
        salesOrder: draft.salesOrder ?? '',
        salesOrderLine: draft.salesOrderLine ?? 0,
        salesDelivery: draft.salesDelivery ?? '',
        ...draft.dimensions,
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  const totals = documentTotals(priced, decimals, priceBasis);
  await insertTaxFooter(client, 'salesInvoiceTax', folder, id, totals.taxes, decimals, stamp);
  await insertRow(
    client,
    'salesInvoice',
    folder,
    id,
    {
      ...header,
      id,
      invoiceType,
      salesInvoiceType: invoiceType === 'creditMemo' ? 'SCM' : 'INV',
      company: site.legalCompany,
      payByCustomer: header.billToCustomer,
      accountingDate,
      priceBasis,
      rateType,
      exchangeRate: rate.toFixed(),
      dueDate: addDays(accountingDate, paymentTermDays(text(header.paymentTerm))),
      status: 'notPosted',
      totalAmountExcludingTax: money(totals.excl, decimals),
      totalTaxAmount: money(totals.tax, decimals),
      totalAmountIncludingTax: money(totals.incl, decimals),
      originalInvoice: data.originalInvoice ?? '',
    },
    stamp,
  );
  if (invoiceType !== 'creditMemo') await markOrderLinesInvoiced(client, folder, id, drafts, stamp);
  if (delivery)
    await updateRow(client, 'salesDelivery', folder, delivery._id, { isInvoiced: true, salesInvoice: id }, stamp);
  return id;
}

async function markOrderLinesInvoiced(
  client: PoolClient,
  folder: string,
  invoiceId: string,
  drafts: DraftLine[],
  stamp: Date,
): Promise<void> {
  const orders = new Set<string>();
  for (const draft of drafts) {
    if (!draft.salesOrder || !draft.salesOrderLine) continue;
    const line = await mustGet(
      client,
      'salesOrderLine',
      folder,
      lineIdOf(draft.salesOrder, draft.salesOrderLine),
      'Order line',
      true,
    );
    const invoiced = decimalOf(line.quantityInSalesUnitInvoiced).plus(draft.quantity);
    await updateRow(
      client,
      'salesOrderLine',
      folder,
      line._id,
      { quantityInSalesUnitInvoiced: invoiced.toFixed() },
      stamp,
    );
    orders.add(draft.salesOrder);
  }
  for (const order of orders) {
    await updateRow(client, 'salesOrder', folder, order, { lastInvoice: invoiceId }, stamp);
    await refreshOrderStatuses(client, folder, order, stamp);
  }
}
