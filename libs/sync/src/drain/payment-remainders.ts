// The part of an X3 payment allocated to no document (issue 11). Xero keeps it as a credit of
// the contact: an Overpayment when the payment also settles documents, a Prepayment when it
// settles none (an X3 advance), each written as a BankTransaction of Type RECEIVE-/SPEND-
// OVERPAYMENT|PREPAYMENT (xero_accounting.yaml BankTransaction; docs/connectors/sync-engine.md).
// It goes after the set's Payments, in its own batch (another endpoint), and is one more part
// of the set in sync_payment_parts, under the credit's id (OverpaymentID / PrepaymentID).
import {
  CanonicalRecord,
  Payment,
  toDec,
  toWireNumber,
  XERO_AMOUNT_DP,
  XERO_RATE_DP,
  xeroRateFromX3,
} from '#lb/mapping';
import type { Prerequisite } from './entity-plans';
import type { PaymentPart } from './payment-sets';

type Row = Record<string, unknown>;

export type RemainderKind = 'overpayment' | 'prepayment';

/** The catalog entity (libs/connectors/xero entity-catalog) a remainder is written as. */
export const REMAINDER_ENTITY: Record<RemainderKind, string> = {
  overpayment: 'overpayments',
  prepayment: 'prepayments',
};

export const isRemainderPart = (partKey: string): partKey is RemainderKind =>
  partKey === 'overpayment' || partKey === 'prepayment';

/** What the payment leaves unallocated (decimal text), or undefined. */
export function remainderOf(record: Payment): string | undefined {
  const left = toDec(record.amount).minus(
    (record.allocations ?? []).reduce((sum, a) => sum.plus(toDec(a.amount)), toDec(0)),
  );
  return left.isZero() ? undefined : left.toFixed();
}

/** A payment with a remainder needs its contact in Xero (the credit is the contact's). */
export function remainderPrerequisites(record: CanonicalRecord): Prerequisite[] {
  const p = record as Payment;
  if (!p.partyKey || remainderOf(p) === undefined) return [];
  return [{ entity: p.direction === 'paid' ? 'supplier' : 'customer', key: p.partyKey }];
}

/** The remainder part of a mapped set: a prepayment when the set pays no document. */
export function remainderPartOf(payload: Row): PaymentPart | undefined {
  const left = payload.unallocated;
  if (typeof left !== 'string' && typeof left !== 'number') return undefined;
  const pays = ((payload.payments as Row[] | undefined) ?? []).length;
  const credits = ((payload.creditAllocations as Row[] | undefined) ?? []).length;
  return { partKey: pays || credits ? 'overpayment' : 'prepayment', amount: String(left) };
}

/** The contact's Xero id, filled in at resolve (its cross-reference is a prerequisite). */
export function withRemainderContact(
  payload: Row,
  record: CanonicalRecord,
  xeroIdOf: (p: Prerequisite) => string,
): void {
  const [party] = remainderPrerequisites(record);
  if (party && payload.unallocated !== undefined) payload.remainderContact = { contactID: xeroIdOf(party) };
}

/** The bank account the remainder goes through: the set's Payments', else the mapping's for the payment. */
export function remainderBankAccount(payload: Row): string | undefined {
  const first = ((payload.payments as Row[] | undefined) ?? [])[0]?.account as Row | undefined;
  const code = first?.code ?? (payload.bankAccount as Row | undefined)?.code;
  return typeof code === 'string' && code ? code : undefined;
}

/**
 * The BankTransaction of a remainder (xero-node's camelCase): the contact, the bank account, one
 * line for the amount (no tax: it is money held for the contact, not a sale), at the payment's
 * own rate (CurrencyRate = 1 / X3's rate, as its Payments). Reference carries our X3 key, which
 * is what the batch is looked up by after an unclear outcome.
 */
export function remainderTransaction(record: Payment, payload: Row, part: PaymentPart): Row {
  const kind = part.partKey as RemainderKind;
  const receive = record.direction === 'received';
  const account = remainderBankAccount(payload);
  if (!account) throw new Error(`no Xero bank account for payment ${record.key}`);
  const x3Rate = record.exchangeRate;
  const rate = x3Rate && x3Rate.baseCurrency !== record.currency ? xeroRateFromX3(x3Rate.rate) : undefined;
  return {
    type: `${receive ? 'RECEIVE' : 'SPEND'}-${kind.toUpperCase()}`,
    contact: payload.remainderContact,
    bankAccount: { code: account },
    date: record.date,
    lineAmountTypes: 'NoTax',
    lineItems: [
      {
        description: `${kind === 'prepayment' ? 'Prepayment' : 'Overpayment'}: X3 payment ${record.key}`,
        quantity: 1,
        unitAmount: toWireNumber(toDec(part.amount), XERO_AMOUNT_DP),
      },
    ],
    currencyCode: record.currency,
    ...(rate ? { currencyRate: toWireNumber(rate, XERO_RATE_DP) } : {}),
    reference: record.key,
  };
}
