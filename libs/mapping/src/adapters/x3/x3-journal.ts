// Journal entries (GACCENTRY). X3 gives each line an unsigned amount and a sense (SNS 1 debit,
// −1 credit); the canonical line is signed, debit positive, as Xero's manual journal lines are.
import Decimal from 'decimal.js';
import type { Journal, JournalLine } from '../../canonical';
import type { X3Adapter, X3Shape } from '../adapter-contract';
import { x3CurrencyDecimals } from './x3-currency';
import { dimensionsOf, x3Dimensions } from './x3-dimensions';
import { exchangeRateOf } from './x3-document-parts';
import { originOf } from './x3-origin';
import { journalStatus } from './x3-status';
import { compact, dateOf, decimalOf, linesOf, money, refKey, requiredText, text } from './x3-values';

function signed(line: X3Shape, value: unknown): Decimal | undefined {
  const amount = decimalOf(value);
  if (amount === undefined) return undefined;
  const credit = line.sense === 'credit' || line.sense === -1 || line.sense === '-1';
  return credit ? amount.neg() : amount;
}

export const x3JournalAdapter: X3Adapter<'journal'> = {
  entity: 'journal',
  x3Entity: 'journalEntry',
  fromX3(record, ctx) {
    const key = requiredText(record.id ?? record._id, 'journal entry (NUM)');
    const currency = refKey(record.currency) ?? ctx.baseCurrency;
    const decimals = x3CurrencyDecimals(currency, ctx);
    const baseDecimals = x3CurrencyDecimals(ctx.baseCurrency, ctx);
    const lines = linesOf(record).map((l, i) => {
      const amount = signed(l, l.amountInCurrency) ?? new Decimal(0);
      const base = signed(l, l.amountInLedgerCurrency);
      return compact({
        lineNumber: Number(l.lineNumber ?? i + 1),
        accountCode: requiredText(l.account, `account of line ${i + 1} of ${key}`),
        description: text(l.description),
        amount: money(amount, decimals),
        baseAmount: base === undefined ? undefined : money(base, baseDecimals),
        taxCode: refKey(l.taxCode),
        partyKey: text(l.businessPartner),
        dimensions: dimensionsOf(l),
      } satisfies JournalLine);
    });
    const status = text(record.status);
    return compact({
      entity: 'journal',
      key,
      date: dateOf(record.accountingDate) ?? requiredText(undefined, `accounting date of ${key}`),
      description: text(record.description),
      reference: text(record.reference),
      currency,
      exchangeRate: exchangeRateOf(record, currency, ctx),
      category: text(record.category),
      status: journalStatus(status),
      sourceStatus: status,
      entryType: text(record.entryType),
      lines,
      origin: originOf(record, key),
    } satisfies Journal);
  },
  toX3(journal, ctx) {
    return compact({
      entryType: journal.entryType,
      company: ctx.x3Company,
      site: ctx.x3Site,
      accountingDate: journal.date,
      category: journal.category,
      description: journal.description,
      reference: journal.reference,
      currency: journal.currency,
      exchangeRate: journal.currency === ctx.baseCurrency ? undefined : journal.exchangeRate?.rate,
      lines: journal.lines.map((l) => {
        const amount = new Decimal(l.amount);
        return compact({
          account: l.accountCode,
          businessPartner: l.partyKey,
          sense: amount.isNegative() ? 'credit' : 'debit',
          amountInCurrency: amount.abs().toFixed(),
          amountInLedgerCurrency: l.baseAmount === undefined ? undefined : new Decimal(l.baseAmount).abs().toFixed(),
          taxCode: l.taxCode,
          description: l.description,
          ...x3Dimensions(l.dimensions, ctx),
        });
      }),
    });
  },
};
