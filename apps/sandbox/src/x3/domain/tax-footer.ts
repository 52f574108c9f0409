import { PoolClient } from 'pg';
import { TaxFooterLine } from './pricing';
import { insertRow, lineIdOf, money } from './store';

/** Writes an invoice's footer (SVCRVAT / PVCRVAT): one line per tax code, as `documentTotals` rounded it. */
export async function insertTaxFooter(
  client: PoolClient,
  entity: 'salesInvoiceTax' | 'purchaseInvoiceTax',
  folder: string,
  invoiceId: string,
  taxes: TaxFooterLine[],
  decimals: number,
  stamp: Date,
): Promise<void> {
  for (const [i, footer] of taxes.entries()) {
    await insertRow(
      client,
      entity,
      folder,
      lineIdOf(invoiceId, i + 1),
      {
        taxCode: footer.taxCode,
        taxRate: footer.rate.toFixed(),
        taxBase: money(footer.base, decimals),
        taxAmount: money(footer.amount, decimals),
      },
      stamp,
      { parent: invoiceId, sortValue: i + 1 },
    );
  }
}
