import { PoolClient } from 'pg';
import { Values, dec, text } from './store';
import { DocumentRate, documentRate } from './exchange-rates';

/**
 * The rate a document is entered at (a supplier invoice, a payment): the one keyed with it
 * (CHGRAT — the supplier document's rate, the rate the bank actually applied), else the folder's
 * rate of its type at the accounting date. A document in the ledger currency is always at 1.
 */
export async function enteredRate(
  client: PoolClient,
  folder: string,
  data: Values,
  currency: string,
  ledgerCurrency: string,
  accountingDate: string,
): Promise<DocumentRate> {
  const given = text(data.exchangeRate);
  if (given && currency !== ledgerCurrency) {
    const rate = dec(given, 'Currency rate (CHGRAT)', { positive: true });
    return { rateType: text(data.rateType) || 'dailyRate', rate };
  }
  return documentRate(client, folder, {
    currency,
    companyCurrency: ledgerCurrency,
    rateType: data.rateType,
    date: accountingDate,
  });
}
