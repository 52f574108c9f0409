import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import {
  X3BusinessError,
  Values,
  dec,
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
  currencyDecimals,
  defaultTaxCode,
  documentTotals,
  lineAmounts,
  priceBasisOf,
  taxRate,
} from './pricing';
import { enteredRate } from './entered-rate';
import { folderDimensionTypes, lineDimensions } from './dimensions';
import { insertTaxFooter } from './tax-footer';
import { postPurchaseInvoice } from './purchase-posting';

/**
 * Supplier invoice (PINVOICE): like a sales invoice it has a price basis (PRITYP), a currency rate
 * (CHGTYP / CHGRAT at the accounting date) and a tax footer per tax code (PVCRVAT).
 */
export async function createPurchaseInvoice(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const supplier = await mustGet(client, 'supplier', folder, data.billBySupplier, 'Bill-by supplier (BPR)');
  const site = await mustGet(client, 'site', folder, data.site, 'Site (FCY)');
  const company = await mustGet(client, 'company', folder, site.legalCompany, 'Company (CPY)');
  if (data.originalInvoice) await mustGet(client, 'purchaseInvoice', folder, data.originalInvoice, 'Source invoice');
  const currency = text(data.currency) || text(supplier.currency);
  await mustGet(client, 'currency', folder, currency, 'Currency (CUR)');
  const decimals = await currencyDecimals(client, folder, currency);
  const priceBasis = priceBasisOf(data.priceBasis);
  const accountingDate = text(data.accountingDate) || today();
  const { rateType, rate } = await enteredRate(
    client,
    folder,
    data,
    currency,
    text(company.accountingCurrency),
    accountingDate,
  );
  const lines = (data.lines as Values[] | undefined) ?? [];
  if (lines.length === 0) throw new X3BusinessError('Invoice: at least one line is mandatory');
  const id = (data.id as string) || (await nextNumber(client, folder, `PIH${site._id}`));
  const dimensionTypes = await folderDimensionTypes(client, folder);
  const priced: Array<{ taxCode: string; rate: Decimal; amounts: LineAmounts }> = [];
  for (const [i, line] of lines.entries()) {
    const label = `Line ${i + 1}`;
    const product = await mustGet(client, 'product', folder, line.product, `${label}: product (ITMREF)`);
    const taxCode =
      text(line.taxCode) || (await defaultTaxCode(client, folder, text(supplier.taxRule), text(product.taxLevel)));
    await mustGet(client, 'taxCode', folder, taxCode, `${label}: tax (VAT)`);
    const quantity = dec(line.quantityInPurchaseUnitInvoiced, `${label}: quantity`, { positive: true });
    const netPrice = dec(line.netPrice, `${label}: net price`);
    const lineRate = await taxRate(client, folder, taxCode);
    const amounts = lineAmounts(netPrice, quantity, lineRate, decimals, priceBasis);
    priced.push({ taxCode, rate: lineRate, amounts });
    const lineNumber = (i + 1) * 1000;
    await insertRow(
      client,
      'purchaseInvoiceLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        lineNumber,
        product: product._id,
        quantityInPurchaseUnitInvoiced: quantity.toFixed(),
        netPrice: netPrice.toFixed(),
        taxCode,
        lineAmountExcludingTax: money(amounts.excl, decimals),
        lineAmountIncludingTax: money(amounts.incl, decimals),
        purchaseOrder: text(line.purchaseOrder),
        ...(await lineDimensions(client, folder, dimensionTypes, line, label)),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  const totals = documentTotals(priced, decimals, priceBasis);
  await insertTaxFooter(client, 'purchaseInvoiceTax', folder, id, totals.taxes, decimals, stamp);
  await insertRow(
    client,
    'purchaseInvoice',
    folder,
    id,
    {
      id,
      invoiceType: data.invoiceType ?? 'invoice',
      company: site.legalCompany,
      site: site._id,
      billBySupplier: supplier._id,
      supplierDocumentNumber: data.supplierDocumentNumber ?? '',
      originalInvoice: data.originalInvoice ?? '',
      supplierDocumentDate: data.supplierDocumentDate ?? today(),
      accountingDate,
      currency,
      priceBasis,
      rateType,
      exchangeRate: rate.toFixed(),
      status: 'pending',
      totalAmountExcludingTax: money(totals.excl, decimals),
      totalTaxAmount: money(totals.tax, decimals),
      totalAmountIncludingTax: money(totals.incl, decimals),
    },
    stamp,
  );
  return id;
}

export async function validatePurchaseInvoice(client: PoolClient, folder: string, id: string): Promise<string> {
  const invoice = await mustGet(client, 'purchaseInvoice', folder, id, 'Invoice', true);
  if (invoice.status === 'validated') throw new X3BusinessError(`Invoice ${id}: already validated`);
  // validation is what posts a supplier invoice in X3: its GL entry is made in the same transaction
  await postPurchaseInvoice(client, folder, id, invoice);
  await updateRow(client, 'purchaseInvoice', folder, id, { status: 'validated' }, stampNow());
  return id;
}
