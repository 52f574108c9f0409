import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { Values, mustGet, nextNumber, stampNow, text } from './store';
import { currencyDecimals } from './pricing';
import { toLedger } from './exchange-rates';
import { insertJournalEntry, PostingLine } from './journal-entry-rows';

/**
 * Payable, purchase and deductible-tax accounts of each legislation's chart (X3's automatic
 * journal ACH). NZL keeps one GST account for both sides, as NZ charts do; US sales tax paid is
 * not recoverable, so it stays in the cost.
 */
export const PURCHASE_POSTING_ACCOUNTS: Record<string, { payable: string; purchases: string; vat: string }> = {
  FRA: { payable: '401000', purchases: '607000', vat: '445660' },
  USA: { payable: '20100', purchases: '50100', vat: '50100' },
  NZL: { payable: '800', purchases: '310', vat: '820' },
  AUS: { payable: '2-1200', purchases: '5-1000', vat: '2-1330' },
  GBR: { payable: '2100', purchases: '5000', vat: '2201' },
};

/**
 * Validating a supplier invoice (PINVOICE) generates its GL entry (GACCENTRY, type ACH): the
 * purchases and the deductible tax debited, the supplier's payable credited with their sum in the
 * ledger currency (so the entry balances at the invoice's rate); a credit note the other way round.
 */
export async function postPurchaseInvoice(
  client: PoolClient,
  folder: string,
  id: string,
  invoice: Values,
): Promise<string> {
  const stamp = stampNow();
  const company = await mustGet(client, 'company', folder, invoice.company, 'Company');
  const chart = PURCHASE_POSTING_ACCOUNTS[text(company.legislation)] ?? PURCHASE_POSTING_ACCOUNTS.FRA;
  const ledgerDecimals = await currencyDecimals(client, folder, text(company.accountingCurrency));
  const rate = new Decimal(text(invoice.exchangeRate) || 1);
  const credit = invoice.invoiceType === 'creditNote' || invoice.invoiceType === 'creditMemo';
  const [debit, creditSense] = credit ? (['credit', 'debit'] as const) : (['debit', 'credit'] as const);
  const entryId = await nextNumber(client, folder, `ACH${text(invoice.site)}`);
  const purchases = toLedger(text(invoice.totalAmountExcludingTax), rate, ledgerDecimals);
  const vat = toLedger(text(invoice.totalTaxAmount), rate, ledgerDecimals);
  const lines: PostingLine[] = [
    [chart.payable, creditSense, text(invoice.totalAmountIncludingTax), purchases.plus(vat)],
    [chart.purchases, debit, text(invoice.totalAmountExcludingTax), purchases],
    [chart.vat, debit, text(invoice.totalTaxAmount), vat],
  ];
  await insertJournalEntry(client, folder, {
    id: entryId,
    lines,
    ledgerDecimals,
    partner: invoice.billBySupplier,
    lineDescription: `${text(invoice.invoiceType)} ${id}`,
    header: {
      entryType: 'ACH',
      company: invoice.company,
      site: invoice.site,
      journal: 'ACH',
      accountingDate: invoice.accountingDate,
      category: 'actual',
      status: 'final',
      description: `Supplier invoice ${id}`,
      reference: id,
      currency: invoice.currency,
      exchangeRate: rate.toFixed(),
    },
    stamp,
  });
  return entryId;
}
