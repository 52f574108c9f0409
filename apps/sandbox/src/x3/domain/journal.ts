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
  updateRow,
} from './store';
import { documentRate, toLedger } from './exchange-rates';
import { currencyDecimals } from './pricing';
import { folderDimensionTypes, lineDimensions } from './dimensions';

/** Journal entry (GACCENTRY): X3 refuses an entry whose debits and credits differ. */
export async function createJournalEntry(client: PoolClient, folder: string, data: Values): Promise<string> {
  const stamp = stampNow();
  const company = await mustGet(client, 'company', folder, data.company, 'Company (CPY)');
  await mustGet(client, 'currency', folder, data.currency, 'Currency (CUR)');
  if (typeof data.accountingDate !== 'string') throw new X3BusinessError('Accounting date (ACCDAT): mandatory field');
  if (typeof data.entryType !== 'string' || data.entryType === '')
    throw new X3BusinessError('Entry type (TYP): mandatory field');
  const lines = (data.lines as Values[] | undefined) ?? [];
  if (lines.length < 2) throw new X3BusinessError('Journal entry: at least two lines are mandatory');
  let balance = new Decimal(0);
  for (const [i, line] of lines.entries()) {
    await mustGet(client, 'account', folder, line.account, `Line ${i + 1}: account (ACC)`);
    const amount = dec(line.amountInCurrency, `Line ${i + 1}: amount (AMTCUR)`, { positive: true });
    if (line.sense !== 'debit' && line.sense !== 'credit')
      throw new X3BusinessError(`Line ${i + 1}: sign (SNS) mandatory`);
    balance = line.sense === 'debit' ? balance.plus(amount) : balance.minus(amount);
  }
  if (!balance.isZero()) throw new X3BusinessError(`Journal entry: unbalanced (difference ${balance.toFixed()})`);
  // Ledger amounts (AMTLED) not given are converted at the entry's rate to the company's currency.
  const ledgerCurrency = text(company.accountingCurrency);
  const rate =
    data.exchangeRate !== undefined
      ? dec(data.exchangeRate, 'Rate multiplier (RATMLT)', { positive: true })
      : (
          await documentRate(client, folder, {
            currency: text(data.currency),
            companyCurrency: ledgerCurrency,
            date: data.accountingDate,
          })
        ).rate;
  const ledgerDecimals = await currencyDecimals(client, folder, ledgerCurrency);
  const id = (data.id as string) || (await nextNumber(client, folder, `${data.entryType}${company._id}`));
  const dimensionTypes = await folderDimensionTypes(client, folder);
  for (const [i, line] of lines.entries()) {
    const lineNumber = (i + 1) * 1000;
    await insertRow(
      client,
      'journalEntryLine',
      folder,
      lineIdOf(id, lineNumber),
      {
        ...line,
        lineNumber,
        amountInLedgerCurrency:
          line.amountInLedgerCurrency ??
          money(toLedger(text(line.amountInCurrency), rate, ledgerDecimals), ledgerDecimals),
        ...(await lineDimensions(client, folder, dimensionTypes, line, `Line ${i + 1}`)),
      },
      stamp,
      { parent: id, sortValue: lineNumber },
    );
  }
  await insertRow(
    client,
    'journalEntry',
    folder,
    id,
    {
      ...data,
      lines: undefined,
      id,
      category: data.category ?? 'actual',
      status: 'temporary',
      exchangeRate: rate.toFixed(),
    },
    stamp,
  );
  return id;
}

/** Validation (STA temporary → final): a final entry is never modified again, only reversed. */
export async function validateJournalEntry(client: PoolClient, folder: string, id: string): Promise<string> {
  const entry = await mustGet(client, 'journalEntry', folder, id, 'Journal entry', true);
  if (entry.status === 'final') throw new X3BusinessError(`Journal entry ${id}: already final`);
  await updateRow(client, 'journalEntry', folder, id, { status: 'final' }, stampNow());
  return id;
}
