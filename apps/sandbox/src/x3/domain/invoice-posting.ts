import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { X3BusinessError, mustGet, nextNumber, stampNow, text, updateRow } from './store';
import { currencyDecimals } from './pricing';
import { toLedger } from './exchange-rates';
import { insertJournalEntry, PostingLine } from './journal-entry-rows';

/** Receivable, sales and tax accounts of each legislation's chart (X3's automatic journal VEN). */
export const POSTING_ACCOUNTS: Record<string, { receivable: string; sales: string; vat: string }> = {
  FRA: { receivable: '411000', sales: '707000', vat: '445710' },
  USA: { receivable: '12100', sales: '40100', vat: '23100' },
  NZL: { receivable: '610', sales: '200', vat: '820' },
  AUS: { receivable: '1-1200', sales: '4-1000', vat: '2-1310' },
  GBR: { receivable: '1100', sales: '4000', vat: '2200' },
};

/**
 * Posting (STA 3) generates the GL entry (GACCENTRY), as X3's automatic journals do. Each line carries
 * the document amount (AMTCUR) and the amount in the company's accounting currency at the invoice's
 * rate (AMTLED); the receivable takes the sum of the converted lines so the ledger balances.
 */
export async function postSalesInvoice(client: PoolClient, folder: string, id: string): Promise<string> {
  const stamp = stampNow();
  const invoice = await mustGet(client, 'salesInvoice', folder, id, 'Invoice', true);
  if (invoice.status === 'posted') throw new X3BusinessError(`Invoice ${id}: already posted`);
  const company = await mustGet(client, 'company', folder, invoice.company, 'Company');
  const chart = POSTING_ACCOUNTS[text(company.legislation)] ?? POSTING_ACCOUNTS.FRA;
  const ledgerDecimals = await currencyDecimals(client, folder, text(company.accountingCurrency));
  const rate = new Decimal(text(invoice.exchangeRate) || 1);
  const credit = invoice.invoiceType === 'creditMemo';
  const entryId = await nextNumber(client, folder, `VEN${invoice.salesSite}`);
  const sales = toLedger(text(invoice.totalAmountExcludingTax), rate, ledgerDecimals);
  const vat = toLedger(text(invoice.totalTaxAmount), rate, ledgerDecimals);
  const lines: PostingLine[] = [
    [chart.receivable, credit ? 'credit' : 'debit', text(invoice.totalAmountIncludingTax), sales.plus(vat)],
    [chart.sales, credit ? 'debit' : 'credit', text(invoice.totalAmountExcludingTax), sales],
    [chart.vat, credit ? 'debit' : 'credit', text(invoice.totalTaxAmount), vat],
  ];
  await insertJournalEntry(client, folder, {
    id: entryId,
    lines,
    ledgerDecimals,
    partner: invoice.billToCustomer,
    lineDescription: `${text(invoice.invoiceType)} ${id}`,
    header: {
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
      exchangeRate: rate.toFixed(),
    },
    stamp,
  });
  await updateRow(client, 'salesInvoice', folder, id, { status: 'posted' }, stamp);
  return id;
}
