// The rules for a payment's Xero payload. The Xero payment adapter gives a set:
// { payments: [one Xero Payment per allocation], unallocated? } (Xero's Payment settles one
// invoice or credit note: "Invoice or CreditNote ... required", xero_accounting.yaml Payment;
// reference/xero-api.md §Payments). Each payment needs its bank account (Account.Code or
// AccountID), the document it settles (InvoiceID/InvoiceNumber or CreditNoteID/CreditNoteNumber),
// a positive amount with no more places than the currency has (nor than Xero's 2), a date, and,
// for a foreign-currency payment, its CurrencyRate (never 1); a base-currency one has none. The
// payments and what is left unallocated add up to the source payment's amount to the cent.
import type { CanonicalRecord, Payment } from '../../canonical';
import { minorUnits, XERO_AMOUNT_DP, type CurrencyDecimals } from '../../money';
import { formatUnits, parseScaled, pow10, type Scaled, scaledOfNumber } from '../../money/scaled';
import type { RecordError } from '../run/outcome';

type Errors = Omit<RecordError, 'record'>[];

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function decimalOf(value: unknown): Scaled | undefined {
  if (typeof value === 'number') return scaledOfNumber(value);
  return typeof value === 'string' ? parseScaled(value.trim()) : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function isDate(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return typeof value === 'string' && (ISO_DATE.test(value) || /^\/Date\(-?\d+/.test(value));
}

/** Units of a value at `dp` places when it has no more places than that. */
function unitsWithin(value: Scaled, dp: number): bigint | undefined {
  if (value.scale <= dp) return value.units * pow10(dp - value.scale);
  const divisor = pow10(value.scale - dp);
  return value.units % divisor === 0n ? value.units / divisor : undefined;
}

interface PaymentFacts {
  currency: string;
  foreign: boolean;
  dp: number;
}

function onePayment(errors: Errors, payment: Record<string, unknown>, prefix: string, facts: PaymentFacts) {
  const account = asRecord(payment.account);
  if (isBlank(account?.code) && isBlank(account?.accountID)) {
    errors.push({
      field: `${prefix}account.code`,
      rule: 'required',
      message: `${prefix}account needs a bank account code or AccountID`,
    });
  }
  const invoice = asRecord(payment.invoice);
  const creditNote = asRecord(payment.creditNote);
  const settles =
    (invoice && (!isBlank(invoice.invoiceID) || !isBlank(invoice.invoiceNumber))) ||
    (creditNote && (!isBlank(creditNote.creditNoteID) || !isBlank(creditNote.creditNoteNumber)));
  if (!settles || (invoice && creditNote)) {
    errors.push({
      field: `${prefix}invoice`,
      rule: 'required',
      message: `${prefix.slice(0, -1)} must settle one invoice (InvoiceID or InvoiceNumber) or one credit note (CreditNoteID or CreditNoteNumber)`,
    });
  }
  if (!isDate(payment.date)) {
    errors.push({ field: `${prefix}date`, rule: 'required', message: `${prefix}date is required (YYYY-MM-DD)` });
  }
  rateRules(errors, payment.currencyRate, prefix, facts);
}

function rateRules(errors: Errors, value: unknown, prefix: string, facts: PaymentFacts) {
  const field = `${prefix}currencyRate`;
  const rate = value === undefined ? undefined : decimalOf(value);
  const isOne = rate !== undefined && rate.units === pow10(rate.scale);
  if (facts.foreign) {
    if (rate === undefined || rate.units <= 0n) {
      errors.push({
        field,
        rule: 'currency-rate',
        message: `a ${facts.currency} payment needs its positive CurrencyRate (Xero would use its own day rate)`,
      });
    } else if (isOne) {
      errors.push({ field, rule: 'currency-rate', message: `a ${facts.currency} payment is never sent at rate 1` });
    }
  } else if (value !== undefined && !isOne) {
    const shown = rate ? formatUnits(rate.units, rate.scale) : JSON.stringify(value);
    errors.push({ field, rule: 'currency-rate', message: `a base-currency payment has rate ${shown}` });
  }
}

/** An amount in the currency's units, or an error when it is missing, not positive or too fine. */
function amountUnits(errors: Errors, value: unknown, field: string, facts: PaymentFacts, positive: boolean) {
  const amount = decimalOf(value);
  if (amount === undefined) {
    errors.push({ field, rule: 'required', message: `${field} is required as a decimal amount` });
    return undefined;
  }
  const units = unitsWithin(amount, facts.dp);
  if (units === undefined) {
    errors.push({
      field,
      rule: 'currency-places',
      message: `${field} ${String(value)} has more places than ${facts.currency} (${facts.dp}) or Xero (${XERO_AMOUNT_DP}) allows`,
    });
    return undefined;
  }
  if (positive ? units <= 0n : units < 0n) {
    errors.push({
      field,
      rule: 'payment-amount',
      message: `${field} ${String(value)} must be ${positive ? 'greater than zero' : 'zero or more'}`,
    });
    return undefined;
  }
  return units;
}

/** A credit note applied to an invoice or bill within the payment (Xero: a credit note Allocation). */
function creditRules(errors: Errors, credit: Record<string, unknown>, prefix: string, facts: PaymentFacts) {
  const note = asRecord(credit.creditNote);
  if (!note || (isBlank(note.creditNoteID) && isBlank(note.creditNoteNumber))) {
    errors.push({
      field: `${prefix}creditNote`,
      rule: 'required',
      message: `${prefix}creditNote needs a CreditNoteID or CreditNoteNumber`,
    });
  }
  const invoice = asRecord(credit.invoice);
  if (!invoice || (isBlank(invoice.invoiceID) && isBlank(invoice.invoiceNumber))) {
    errors.push({
      field: `${prefix}invoice`,
      rule: 'required',
      message: `${prefix}invoice needs an InvoiceID or InvoiceNumber`,
    });
  }
  amountUnits(errors, credit.amount, `${prefix}amount`, facts, true);
}

/** The rules for a payment set (or a single Xero Payment, taken as a set of one). */
export function paymentSetErrors(
  payload: Record<string, unknown>,
  canonical: CanonicalRecord,
  baseCurrency: string,
  currencyDecimals?: CurrencyDecimals,
): Errors {
  const payment = canonical as Payment;
  const errors: Errors = [];
  let currency = typeof payment.currency === 'string' ? payment.currency : baseCurrency;
  let dp: number;
  try {
    dp = Math.min(minorUnits(currency, currencyDecimals), XERO_AMOUNT_DP);
  } catch {
    errors.push({ field: 'currency', rule: 'currency', message: `'${currency}' is not an ISO 4217 currency code` });
    currency = baseCurrency;
    dp = XERO_AMOUNT_DP;
  }
  const facts: PaymentFacts = { currency, foreign: currency !== baseCurrency, dp };
  const set = Array.isArray(payload.payments) ? (payload.payments as unknown[]) : undefined;
  const list = set ?? [payload];
  const prefixOf = (i: number) => (set ? `payments[${i}].` : '');
  let sum = 0n;
  let summable = true;
  list.forEach((item, i) => {
    const one = asRecord(item) ?? {};
    onePayment(errors, one, prefixOf(i), facts);
    const units = amountUnits(errors, one.amount, `${prefixOf(i)}amount`, facts, true);
    if (units === undefined) summable = false;
    else sum += units;
  });
  if (set && payload.unallocated !== undefined) {
    const left = amountUnits(errors, payload.unallocated, 'unallocated', facts, false);
    if (left === undefined) summable = false;
    else sum += left;
  }
  const credits = set && Array.isArray(payload.creditAllocations) ? (payload.creditAllocations as unknown[]) : [];
  credits.forEach((item, i) => creditRules(errors, asRecord(item) ?? {}, `creditAllocations[${i}].`, facts));
  if (set && set.length === 0 && payload.unallocated === undefined && credits.length === 0) {
    errors.push({
      field: 'payments',
      rule: 'required',
      message: 'the payment settles nothing and leaves nothing unallocated',
    });
  }
  const expected = decimalOf(payment.amount);
  const expectedUnits = expected && unitsWithin(expected, dp);
  if (set && summable && expectedUnits !== undefined && sum !== expectedUnits) {
    errors.push({
      field: 'payments[].amount',
      rule: 'payment-total',
      message: `the payments and the unallocated amount add up to ${formatUnits(sum, dp)}; the source payment is ${formatUnits(expectedUnits, dp)}`,
    });
  }
  return errors;
}
