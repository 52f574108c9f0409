import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import {
  X3BusinessError,
  Values,
  dec,
  getLines,
  insertRow,
  lineIdOf,
  money,
  mustGet,
  nextNumber,
  stampNow,
  today,
  updateRow,
} from './store';
import { addDays, currencyDecimals, defaultTaxCode, lineAmounts, paymentTermDays, taxRate } from './pricing';
import { refreshOrderStatuses } from './sales-orders';

interface DraftLine {
  product: string;
  productDescription?: string;
  quantity: Decimal;
  netPrice: Decimal;
  taxCode: string;
  salesOrder?: string;
  salesOrderLine?: number;
  salesDelivery?: string;
}

/** Sales invoice (SINVOICE) from a validated delivery, or free lines (credit memos, direct invoices). */
export async function createSalesInvoice(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  let header: Values;
  let drafts: DraftLine[] = [];
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
      salesOrder: order._id,
      salesDelivery: delivery._id,
    };
    drafts = (await getLines(client, 'salesDeliveryLine', folder, delivery._id)).map((l) => ({
      product: l.product,
      quantity: new Decimal(l.quantityInSalesUnitDelivered),
      netPrice: new Decimal(l.netPrice),
      taxCode: l.taxCode,
      salesOrder: order._id,
      salesOrderLine: l.salesOrderLine,
      salesDelivery: delivery._id,
    }));
  } else {
    const customer = await mustGet(client, 'customer', folder, data.billToCustomer, 'Bill-to customer (BPR)');
    header = {
      salesSite: data.salesSite,
      billToCustomer: customer._id,
      currency: data.currency || customer.currency,
      paymentTerm: data.paymentTerm || customer.paymentTerm,
      salesOrder: data.salesOrder ?? '',
    };
    const lines = (data.lines as Values[] | undefined) ?? [];
    if (lines.length === 0) throw new X3BusinessError('Invoice: at least one line is mandatory');
    for (const [i, l] of lines.entries()) {
      await mustGet(client, 'product', folder, l.product, `Line ${i + 1}: product (ITMREF)`);
      drafts.push({
        product: l.product as string,
        productDescription: l.productDescription as string | undefined,
        quantity: dec(l.quantityInSalesUnitInvoiced, `Line ${i + 1}: quantity (QTY)`, { positive: true }),
        netPrice: dec(l.netPrice, `Line ${i + 1}: net price (NETPRI)`),
        taxCode: (l.taxCode as string) || defaultTaxCode(customer.taxRule),
        salesOrder: l.salesOrder as string | undefined,
        salesOrderLine: l.salesOrderLine as number | undefined,
      });
    }
  }
  const site = await mustGet(client, 'site', folder, header.salesSite, 'Sales site (FCY)');
  await mustGet(client, 'currency', folder, header.currency, 'Currency (CUR)');
  const invoiceType = (data.invoiceType as string) ?? 'invoice';
  if (data.originalInvoice) await mustGet(client, 'salesInvoice', folder, data.originalInvoice, 'Source invoice');
  const id =
    (data.id as string) ||
    (await nextNumber(client, folder, `${invoiceType === 'creditMemo' ? 'SCM' : 'SIH'}${site._id}`));
  const decimals = await currencyDecimals(client, folder, header.currency as string);
  let excl = new Decimal(0);
  let tax = new Decimal(0);
  for (const [i, draft] of drafts.entries()) {
    await mustGet(client, 'taxCode', folder, draft.taxCode, `Line ${i + 1}: tax (VAT)`);
    const amounts = lineAmounts(draft.netPrice, draft.quantity, await taxRate(client, folder, draft.taxCode), decimals);
    excl = excl.plus(amounts.excl);
    tax = tax.plus(amounts.tax);
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
        netPrice: draft.netPrice.toFixed(),
        taxCode: draft.taxCode,
        lineAmountExcludingTax: money(amounts.excl, decimals),
        lineAmountIncludingTax: money(amounts.incl, decimals),
        salesOrder: draft.salesOrder ?? '',
        salesOrderLine: draft.salesOrderLine ?? 0,
        salesDelivery: draft.salesDelivery ?? '',
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  const accountingDate = (data.accountingDate as string) ?? today();
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
      dueDate: addDays(accountingDate, paymentTermDays(String(header.paymentTerm))),
      status: 'notPosted',
      totalAmountExcludingTax: money(excl, decimals),
      totalTaxAmount: money(tax, decimals),
      totalAmountIncludingTax: money(excl.plus(tax), decimals),
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
    const invoiced = new Decimal(line.quantityInSalesUnitInvoiced).plus(draft.quantity);
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

const CHARTS: Record<string, { receivable: string; sales: string; vat: string }> = {
  FRA: { receivable: '411000', sales: '707000', vat: '445710' },
  USA: { receivable: '12100', sales: '40100', vat: '23100' },
};

/** Posting (STA 3) generates the GL entry (GACCENTRY), as X3's automatic journals do. */
export async function postSalesInvoice(client: PoolClient, folder: string, id: string): Promise<string> {
  const stamp = stampNow();
  const invoice = await mustGet(client, 'salesInvoice', folder, id, 'Invoice', true);
  if (invoice.status === 'posted') throw new X3BusinessError(`Invoice ${id}: already posted`);
  const company = await mustGet(client, 'company', folder, invoice.company, 'Company');
  const chart = CHARTS[company.legislation] ?? CHARTS.FRA;
  const credit = invoice.invoiceType === 'creditMemo';
  const entryId = await nextNumber(client, folder, `VEN${invoice.salesSite}`);
  const lines: Array<[string, 'debit' | 'credit', string]> = [
    [chart.receivable, credit ? 'credit' : 'debit', invoice.totalAmountIncludingTax],
    [chart.sales, credit ? 'debit' : 'credit', invoice.totalAmountExcludingTax],
    [chart.vat, credit ? 'debit' : 'credit', invoice.totalTaxAmount],
  ];
  for (const [i, [account, sense, amount]] of lines.entries()) {
    await insertRow(
      client,
      'journalEntryLine',
      folder,
      lineIdOf(entryId, (i + 1) * 1000),
      {
        lineNumber: (i + 1) * 1000,
        account,
        sense,
        amountInCurrency: amount,
        amountInLedgerCurrency: amount,
        businessPartner: i === 0 ? invoice.billToCustomer : '',
        description: `${invoice.invoiceType} ${id}`,
      },
      stamp,
      { parent: entryId, sortValue: (i + 1) * 1000 },
    );
  }
  await insertRow(
    client,
    'journalEntry',
    folder,
    entryId,
    {
      id: entryId,
      entryType: 'VEN',
      company: invoice.company,
      site: invoice.salesSite,
      journal: 'VEN',
      accountingDate: invoice.accountingDate,
      category: 'actual',
      status: 'final',
      description: `Invoice ${id}`,
      reference: id,
      currency: invoice.currency,
    },
    stamp,
  );
  await updateRow(client, 'salesInvoice', folder, id, { status: 'posted' }, stamp);
  return id;
}
