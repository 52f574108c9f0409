import { OrgSession } from '../db/entity-store';
import { records, text } from '../core/json';
import { parseDateInput } from '../core/ms-date';
import { D, Dec, dec, round, sum } from './money';
import { AccountRecord, DocumentRecord } from './records';

// The postings Xero makes for what the sandbox holds, summed per account: the ground of the
// Trial Balance report. Debits are positive, credits negative, all in the base currency.

/** Net balance per account Code (debit − credit) as at the end of a day. */
export type Balances = Map<string, Dec>;

interface Ledger {
  balances: Balances;
  post(code: string | undefined, amount: Dec): void;
}

/** Control accounts found by their SystemAccount, as Xero finds them (the codes are the org's own). */
interface ControlAccounts {
  receivable: string;
  payable: string;
  tax: string;
}

function controlAccounts(accounts: AccountRecord[]): ControlAccounts {
  const code = (system: string) => {
    const found = accounts.find((a) => a.SystemAccount === system);
    if (!found) throw new Error(`the chart has no ${system} system account`);
    return found.Code;
  };
  return { receivable: code('DEBTORS'), payable: code('CREDITORS'), tax: code('GST') };
}

function newLedger(): Ledger {
  const balances: Balances = new Map();
  return {
    balances,
    post(code, amount) {
      if (!code || amount.isZero()) return;
      balances.set(code, (balances.get(code) ?? new D(0)).plus(amount));
    },
  };
}

/** A foreign amount in base currency: CurrencyRate is units of the currency per unit of base. */
function toBase(amount: Dec, rate: unknown): Dec {
  const r = dec(rate, 'CurrencyRate');
  return r.isZero() || r.eq(1) ? amount : round(amount.div(r));
}

const onOrBefore = (date: unknown, asAt: number) => {
  const ms = parseDateInput(date);
  return ms !== undefined && !Number.isNaN(ms) && ms <= asAt;
};

/**
 * An invoice, bill or credit note: each line's net to its account, its tax to the tax account,
 * the total (the sum of the converted lines, so the entry balances) to receivables or payables.
 * A sales invoice and a purchase credit note credit their lines; a bill and a sales credit note debit them.
 */
function postDocument(l: Ledger, c: ControlAccounts, doc: DocumentRecord): void {
  const type = doc.Type ?? '';
  const lineSign = type === 'ACCREC' || type === 'ACCPAYCREDIT' ? -1 : 1;
  const control = type === 'ACCREC' || type === 'ACCRECCREDIT' ? c.receivable : c.payable;
  const inclusive = doc.LineAmountTypes === 'Inclusive';
  const converted: Dec[] = [];
  for (const line of doc.LineItems) {
    const tax = dec(line.TaxAmount, 'TaxAmount');
    const gross = dec(line.LineAmount, 'LineAmount');
    const net = toBase(inclusive ? gross.minus(tax) : gross, doc.CurrencyRate);
    const taxBase = toBase(tax, doc.CurrencyRate);
    l.post(text(line.AccountCode), net.times(lineSign));
    l.post(c.tax, taxBase.times(lineSign));
    converted.push(net, taxBase);
  }
  l.post(control, sum(converted).times(-lineSign));
}

/** A payment: the bank against receivables or payables, at the payment's own rate. */
function postPayment(l: Ledger, c: ControlAccounts, p: Record<string, unknown>): void {
  const amount = toBase(dec(p.Amount, 'Amount'), p.CurrencyRate);
  const bank = text(records([p.Account])[0]?.Code);
  const sides: Record<string, [string | undefined, string]> = {
    ACCRECPAYMENT: [bank, c.receivable],
    ACCPAYPAYMENT: [c.payable, bank ?? ''],
    ARCREDITPAYMENT: [c.receivable, bank ?? ''],
    APCREDITPAYMENT: [bank, c.payable],
  };
  const [debit, credit] = sides[text(p.PaymentType) ?? ''] ?? [undefined, ''];
  if (!debit) return;
  l.post(debit, amount);
  l.post(credit, amount.negated());
}

/**
 * A bank transaction: RECEIVE/SPEND move the bank against their lines' accounts; overpayments and
 * prepayments against receivables/payables (their allocations then net there, with no posting).
 */
function postBankTransaction(l: Ledger, c: ControlAccounts, t: Record<string, unknown>): void {
  const type = text(t.Type) ?? '';
  const sign = type.startsWith('RECEIVE') ? 1 : -1;
  const bank = text(records([t.BankAccount])[0]?.Code);
  const credit = type !== 'RECEIVE' && type !== 'SPEND';
  let total = new D(0);
  for (const line of records(t.LineItems)) {
    const amount = toBase(dec(line.LineAmount, 'LineAmount'), t.CurrencyRate);
    total = total.plus(amount);
    if (!credit) l.post(text(line.AccountCode), amount.times(-sign));
  }
  if (credit) l.post(sign > 0 ? c.receivable : c.payable, total.times(-sign));
  l.post(bank, total.times(sign));
}

/** Every account's balance as at the end of the day `asAt` (UTC midnight, ms). */
export async function balancesAsAt(s: OrgSession, asAt: number): Promise<Balances> {
  const c = controlAccounts(await s.all('Account'));
  const l = newLedger();
  const live = (status: unknown) => status === 'AUTHORISED' || status === 'PAID';
  for (const kind of ['Invoice', 'CreditNote'] as const) {
    for (const doc of await s.all(kind)) if (live(doc.Status) && onOrBefore(doc.Date, asAt)) postDocument(l, c, doc);
  }
  for (const p of await s.all('Payment'))
    if (p.Status === 'AUTHORISED' && onOrBefore(p.Date, asAt)) postPayment(l, c, p);
  for (const t of await s.all('BankTransaction'))
    if (t.Status === 'AUTHORISED' && onOrBefore(t.Date, asAt)) postBankTransaction(l, c, t);
  for (const j of await s.all('ManualJournal')) {
    if (j.Status !== 'POSTED' || !onOrBefore(j.Date, asAt)) continue;
    for (const line of records(j.JournalLines)) l.post(text(line.AccountCode), dec(line.LineAmount, 'LineAmount'));
  }
  return l.balances;
}
