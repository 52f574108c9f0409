import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { Values, insertRow, lineIdOf, money } from './store';

/** One GL line: account, sense, the document amount (AMTCUR) and the ledger amount (AMTLED). */
export type PostingLine = [string, 'debit' | 'credit', string, Decimal];

/**
 * Writes an automatic journal's GL entry (GACCENTRY and its lines) as X3 does when a document posts:
 * the first line carries the business partner, every line the document's type and number.
 */
export async function insertJournalEntry(
  client: PoolClient,
  folder: string,
  entry: {
    id: string;
    lines: PostingLine[];
    ledgerDecimals: number;
    partner: unknown;
    lineDescription: string;
    header: Values;
    stamp: Date;
  },
): Promise<void> {
  for (const [i, [account, sense, amount, ledger]] of entry.lines.entries()) {
    await insertRow(
      client,
      'journalEntryLine',
      folder,
      lineIdOf(entry.id, (i + 1) * 1000),
      {
        lineNumber: (i + 1) * 1000,
        account,
        sense,
        amountInCurrency: amount,
        amountInLedgerCurrency: money(ledger, entry.ledgerDecimals),
        businessPartner: i === 0 ? entry.partner : '',
        description: entry.lineDescription,
      },
      entry.stamp,
      { parent: entry.id, sortValue: (i + 1) * 1000 },
    );
  }
  await insertRow(client, 'journalEntry', folder, entry.id, { id: entry.id, ...entry.header }, entry.stamp);
}
