import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { Values, nextNumber, text } from './store';
import { toLedger } from './exchange-rates';
import { POSTING_ACCOUNTS } from './invoice-posting';
import { PURCHASE_POSTING_ACCOUNTS } from './purchase-posting';
import { insertJournalEntry, PostingLine } from './journal-entry-rows';

/**
 * Bank and realised exchange difference accounts of each legislation's chart (X3's bank journal).
 * FRA has the PCG's 666 / 766; the others are accounts of the sandbox's own charts (seed-reference-data).
 */
export const BANK_POSTING_ACCOUNTS: Record<string, { bank: string; exchangeGain: string; exchangeLoss: string }> = {
  FRA: { bank: '512000', exchangeGain: '766000', exchangeLoss: '666000' },
  USA: { bank: '10100', exchangeGain: '70200', exchangeLoss: '80200' },
  NZL: { bank: '090', exchangeGain: '497', exchangeLoss: '498' },
  AUS: { bank: '1-1110', exchangeGain: '4-2100', exchangeLoss: '6-2100' },
  GBR: { bank: '1200', exchangeGain: '4900', exchangeLoss: '7900' },
};

/** One payment line as createPayment settled it: on a document (its open item before and after), or an advance. */
export interface PaymentSettlement {
  /** The invoice or credit memo the line settles; none for an advance. */
  document?: Values;
  /** The line's amount as entered: negative for a credit memo applied within the payment. */
  signed: Decimal;
  /** The document's settled amount (PAYAMT) before and after the line. */
  paidBefore?: Decimal;
  paidAfter?: Decimal;
}

/**
 * The document's open item settled up to `paid`, in the ledger currency at the DOCUMENT's rate: once
 * it is settled in full, exactly what its posting booked on the collective account (each of its
 * net and tax amounts converted, as invoice-posting and purchase-posting do), so it closes to zero.
 */
function ledgerSettled(document: Values, paid: Decimal, ledgerDecimals: number): Decimal {
  const rate = new Decimal(text(document.exchangeRate) || 1);
  if (paid.gte(new Decimal(text(document.totalAmountIncludingTax))))
    return toLedger(text(document.totalAmountExcludingTax), rate, ledgerDecimals).plus(
      toLedger(text(document.totalTaxAmount), rate, ledgerDecimals),
    );
  return toLedger(paid, rate, ledgerDecimals);
}

/**
 * A payment's GL entry (GACCENTRY type REC or PAY, bank journal BNK), written with the payment as X3's
 * payment entry does: the bank at the payment's ledger amount (its own rate) against the partner's
 * collective account (receivable for a customer, payable for a supplier) at what each line settles
 * at its document's rate (an advance at the payment's rate); what differs is the realised exchange
 * gain or loss. A receipt debits the bank; a pay-out credits it.
 */
export async function postPaymentEntry(
  client: PoolClient,
  folder: string,
  payment: Values,
  settlements: PaymentSettlement[],
  context: { legislation: string; ledgerDecimals: number; stamp: Date },
): Promise<string> {
  const { ledgerDecimals } = context;
  const legislation = BANK_POSTING_ACCOUNTS[context.legislation] ? context.legislation : 'FRA';
  const bank = BANK_POSTING_ACCOUNTS[legislation];
  const customer = payment.businessPartnerType === 'customer';
  const control = customer ? POSTING_ACCOUNTS[legislation].receivable : PURCHASE_POSTING_ACCOUNTS[legislation].payable;
  const payRate = new Decimal(text(payment.exchangeRate) || 1);
  const bankLedger = new Decimal(text(payment.amountInLedgerCurrency));
  // what the lines clear on the collective account, signed as the bank is (a credit memo applied within the payment the other way)
  let cleared = new Decimal(0);
  for (const s of settlements) {
    if (!s.document) {
      cleared = cleared.plus(toLedger(s.signed, payRate, ledgerDecimals));
      continue;
    }
    const part = ledgerSettled(s.document, s.paidAfter!, ledgerDecimals).minus(
      ledgerSettled(s.document, s.paidBefore!, ledgerDecimals),
    );
    cleared = cleared.plus(s.signed.isNegative() ? part.negated() : part);
  }
  const receipt = payment.sense === 'revenue';
  const [toBank, fromBank] = receipt ? (['debit', 'credit'] as const) : (['credit', 'debit'] as const);
  const flip = (sense: 'debit' | 'credit') => (sense === 'debit' ? 'credit' : 'debit');
  const amount = text(payment.amount);
  const lines: PostingLine[] = [
    cleared.isNegative() ? [control, flip(fromBank), amount, cleared.negated()] : [control, fromBank, amount, cleared],
    [bank.bank, toBank, amount, bankLedger],
  ];
  // more in the bank than cleared on a receipt, or less paid out than cleared, is a gain
  const excess = bankLedger.minus(cleared);
  if (!excess.isZero()) {
    const gain = receipt === excess.isPositive();
    lines.push(
      gain ? [bank.exchangeGain, 'credit', '0', excess.abs()] : [bank.exchangeLoss, 'debit', '0', excess.abs()],
    );
  }
  const site = text(payment.site);
  const entryId = await nextNumber(client, folder, `BNK${site}`);
  await insertJournalEntry(client, folder, {
    id: entryId,
    lines,
    ledgerDecimals,
    partner: payment.businessPartner,
    lineDescription: `${text(payment.entryType)} ${text(payment.id)}`,
    header: {
      entryType: payment.entryType,
      company: payment.company,
      site,
      journal: 'BNK',
      accountingDate: payment.accountingDate,
      category: 'actual',
      status: 'final',
      description: `Payment ${text(payment.id)}`,
      reference: payment.id,
      currency: payment.currency,
      exchangeRate: payRate.toFixed(),
    },
    stamp: context.stamp,
  });
  return entryId;
}
