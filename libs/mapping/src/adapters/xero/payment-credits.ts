import type { Payment, PaymentAllocation } from '../../canonical';
import { minorUnits } from '../../money/currencies';
import { toDec } from '../../money/decimal';
import { formatUnits, parseScaled, unitsAt } from '../../money/scaled';
import type { AdapterContext } from '../adapter-contract';
import { XeroAdapterError } from './xero-adapter-error';

// An X3 receipt may settle an invoice partly with a credit memo: its lines are the invoice at
// +1,556.20 and the credit memo at −7.10, the cash 1,549.10. Xero pays one document per Payment
// and only with a positive amount; a credit note reaches an invoice by an Allocation. So each
// negative credit-note allocation is applied to the payment's invoices (or bills) in line order,
// and only what is left of each document is paid in cash.

export interface CashAllocation {
  allocation: PaymentAllocation;
  index: number;
  /** What is paid in cash, at the currency's places. */
  amount: string;
}

export interface CreditApplied {
  creditNote: PaymentAllocation;
  document: PaymentAllocation;
  documentIndex: number;
  amount: string;
}

export function splitCredits(p: Payment, ctx: AdapterContext): { cash: CashAllocation[]; credits: CreditApplied[] } {
  const dp = minorUnits(p.currency, ctx.currencyDecimals);
  const unitsOf = (a: PaymentAllocation, i: number) => {
    const scaled = parseScaled(a.amount);
    // text that is not plain decimal: decimal.js reads it, or says why not
    return unitsAt(scaled ?? parseScaled(toDec(a.amount, `allocations[${i}].amount`).toFixed())!, dp);
  };
  const remaining = p.allocations.map(unitsOf);
  const credits: CreditApplied[] = [];
  p.allocations.forEach((credit, c) => {
    if (credit.documentType !== 'creditNote' || remaining[c] >= 0n) return;
    let left = -remaining[c];
    remaining[c] = 0n;
    p.allocations.forEach((document, d) => {
      if (left === 0n || document.documentType === 'creditNote' || remaining[d] <= 0n) return;
      const used = left < remaining[d] ? left : remaining[d];
      remaining[d] -= used;
      left -= used;
      credits.push({ creditNote: credit, document, documentIndex: d, amount: formatUnits(used, dp) });
    });
    if (left > 0n) {
      throw new XeroAdapterError(
        `allocations[${c}].amount`,
        'credit-exceeds-documents',
        `credit note ${credit.documentKey} uses ${formatUnits(left, dp)} more than the payment's documents leave open`,
      );
    }
  });
  // a document the credits settled in full (or a line of 0) takes no Payment
  const cash = p.allocations.flatMap((allocation, index) =>
    remaining[index] === 0n ? [] : [{ allocation, index, amount: formatUnits(remaining[index], dp) }],
  );
  return { cash, credits };
}
