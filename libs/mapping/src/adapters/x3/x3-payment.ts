// Payments (PAYMENTH): a receipt from a customer (SNS revenue) or a payment to a supplier (SNS
// expense), settling open items line by line (VCRNUM). Written back to X3 only as a payment
// matched to the open items, never by setting an invoice's paid amount.
import type { Payment, PaymentAllocation } from '../../canonical';
import type { AdapterContext, X3Adapter, X3Shape } from '../adapter-contract';
import { x3CurrencyDecimals } from './x3-currency';
import { exchangeRateOf } from './x3-document-parts';
import { originOf } from './x3-origin';
import { paymentStatus } from './x3-status';
import { compact, dateOf, decimalOf, linesOf, money, moneyOf, refKey, requiredText, text } from './x3-values';

/** Entry types (VCRTYP) of credit memos: a payment line on one settles a credit, not an invoice. */
const CREDIT_DOCUMENT_TYPES = new Set(['SCM', 'BPSCM', 'CRN', 'creditMemo', 'creditNote']);

function directionOf(record: X3Shape): Payment['direction'] {
  if (record.sense === 'revenue') return 'received';
  if (record.sense === 'expense') return 'paid';
  return record.businessPartnerType === 'supplier' ? 'paid' : 'received';
}

/**
 * A line on no document (no VCRNUM) is an advance, X3's prepayment ("money received in advance …
 * captured in a payment that has no invoice on the line"): it settles nothing, so it is what the
 * payment leaves unallocated (Xero's Prepayment or Overpayment), until X3's Prepayment Posting
 * moves it onto a document line.
 */
function allocationsOf(record: X3Shape, direction: Payment['direction'], decimals: number): PaymentAllocation[] {
  return linesOf(record)
    .filter((l) => text(l.document) !== undefined)
    .map((l) => {
      const type = text(l.documentType);
      const documentType: PaymentAllocation['documentType'] =
        type !== undefined && CREDIT_DOCUMENT_TYPES.has(type)
          ? 'creditNote'
          : direction === 'received'
            ? 'invoice'
            : 'bill';
      return {
        documentKey: requiredText(l.document, 'payment line document (VCRNUM)'),
        documentType,
        amount: moneyOf(l.amount, decimals) ?? money(decimalOf(0)!, decimals),
      };
    });
}

export const x3PaymentAdapter: X3Adapter<'payment'> = {
  entity: 'payment',
  x3Entity: 'payment',
  fromX3(record, ctx) {
    const key = requiredText(record.id ?? record._id, 'payment (NUM)');
    const currency = refKey(record.currency) ?? ctx.baseCurrency;
    const decimals = x3CurrencyDecimals(currency, ctx);
    const direction = directionOf(record);
    const baseAmount = decimalOf(record.amountInLedgerCurrency);
    return compact({
      entity: 'payment',
      key,
      direction,
      partyKey: requiredText(record.businessPartner, `business partner (BPR) of ${key}`),
      date: dateOf(record.accountingDate) ?? requiredText(undefined, `accounting date of ${key}`),
      currency,
      amount: moneyOf(record.amount, decimals) ?? money(decimalOf(0)!, decimals),
      exchangeRate: exchangeRateOf(record, currency, ctx),
      baseAmount: baseAmount === undefined ? undefined : money(baseAmount, x3CurrencyDecimals(ctx.baseCurrency, ctx)),
      bankAccount: text(record.bankAccount),
      paymentMethod: text(record.paymentMethod),
      reference: text(record.reference),
      status: paymentStatus(text(record.status)),
      allocations: allocationsOf(record, direction, decimals),
      origin: originOf(record, key),
    } satisfies Payment);
  },
  toX3(payment: Payment, ctx: AdapterContext) {
    // The amount, sense and status are X3's to derive from the lines and the partner type. A
    // payment read from Xero carries Xero's bank account Code, which is not an X3 bank (BAN):
    // the mapping's lookup sets X3's, and without one the X3 checks refuse the payment.
    const bankAccount = payment.origin?.system === 'xero' ? undefined : payment.bankAccount;
    return compact({
      businessPartnerType: payment.direction === 'received' ? 'customer' : 'supplier',
      businessPartner: payment.partyKey,
      site: ctx.x3Site,
      accountingDate: payment.date,
      currency: payment.currency,
      rateType: payment.exchangeRate?.rateType,
      bankAccount,
      paymentMethod: payment.paymentMethod,
      reference: payment.reference,
      lines: payment.allocations.map((a) => ({ document: a.documentKey, amount: a.amount })),
    });
  },
};
