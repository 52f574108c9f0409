import { OrgSession } from '../db/entity-store';
import { records, text } from '../core/json';
import { parseDateInput } from '../core/ms-date';
import { D, Dec, dec, round, sum } from './money';
import { AccountRecord, DocumentRecord, PaymentRecord, settledDocumentId } from './records';

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
  /** Asked for only when a payment's rate differs from its document's. */
  realisedGain(): string;
}

function controlAccounts(accounts: AccountRecord[]): ControlAccounts {
  const code = (system: string) => {
    const found = accounts.find((a) => a.SystemAccount === system);
    if (!found) throw new Error(`the chart has no ${system} system account`);
    return found.Code;
  };
  return {
    receivable: code('DEBTORS'),
    payable: code('CREDITORS'),
    tax: code('GST'),
    realisedGain: () => code('REALISEDCURRENCYGAIN'),
  };
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

/** Each line's net and tax in base currency at the document's rate. */
function convertedLines(doc: DocumentRecord): Array<{ code: string | undefined; net: Dec; tax: Dec }> {
  const inclusive = doc.LineAmountTypes === 'Inclusive';
  return doc.LineItems.map((line) => {
    const tax = dec(line.TaxAmount, 'TaxAmount');
    const gross = dec(line.LineAmount, 'LineAmount');
    return {
      code: text(line.AccountCode),
      net: toBase(inclusive ? gross.minus(tax) : gross, doc.CurrencyRate),
      tax: toBase(tax, doc.CurrencyRate),
    };
  });
}

/** What a document books on its receivables or payables in base currency: the sum of its converted lines. */
function controlBase(doc: DocumentRecord): Dec {
  return sum(convertedLines(doc).flatMap((l) => [l.net, l.tax]));
}

/**
 * An invoice, bill or credit note: each line's net to its account, its tax to the tax account,
 * the total (the sum of the converted lines, so the entry balances) to receivables or payables.
 * A sales invoice and a purchase credit note credit their lines; a bill and a sales credit note debit them.
 */
function postDocument(l: Ledger, c: ControlAccounts, doc: DocumentRecord): void {
  const type = doc.Type ?? '';
  const lineSign = type === 'ACCREC' || type === 'ACCPAYCREDIT' ? -1 : 1;
  const control = type === 'ACCREC' || type === 'ACCRECCREDIT' ? c.receivable : c.payable;
  const lines = convertedLines(doc);
  for (const line of lines) {
    l.post(line.code, line.net.times(lineSign));
    l.post(c.tax, line.tax.times(lineSign));
  }
  l.post(control, sum(lines.flatMap((x) => [x.net, x.tax])).times(-lineSign));
}

/** Per document id: what its payments have paid so far in its currency, and cleared in base. */
type Cleared = Map<string, { paid: Dec; base: Dec }>;

/**
 * What a payment clears on the document's control account, in base currency at the DOCUMENT's
 * rate: its share of what the document booked there, the last payment all that is left, so a
 * document paid in full clears to zero whatever rates its payments came at.
 */
function clearedBase(doc: DocumentRecord, id: string, amount: Dec, cleared: Cleared): Dec {
  const before = cleared.get(id) ?? { paid: new D(0), base: new D(0) };
  const paid = before.paid.plus(amount);
  const base = paid.gte(dec(doc.Total, 'Total')) ? controlBase(doc) : toBase(paid, doc.CurrencyRate);
  cleared.set(id, { paid, base });
  return base.minus(before.base);
}

/**
 * A payment: the bank at the payment's own rate against receivables or payables at the document's;
 * the difference is a realised currency gain or loss, booked (as Xero does) to the
 * REALISEDCURRENCYGAIN system account.
 */
function postPayment(
  l: Ledger,
  c: ControlAccounts,
  p: PaymentRecord,
  doc: DocumentRecord | undefined,
  cleared: Cleared,
): void {
  const amount = dec(p.Amount, 'Amount');
  const bankBase = toBase(amount, p.CurrencyRate);
  const id = p.Invoice?.InvoiceID ?? p.CreditNote?.CreditNoteID;
  const controlAmount = doc && id ? clearedBase(doc, id, amount, cleared) : bankBase;
  const bank = text(records([p.Account])[0]?.Code);
  const sides: Record<string, [string | undefined, string, 'bank' | 'control']> = {
    ACCRECPAYMENT: [bank, c.receivable, 'bank'],
    ACCPAYPAYMENT: [c.payable, bank ?? '', 'control'],
    ARCREDITPAYMENT: [c.receivable, bank ?? '', 'control'],
    APCREDITPAYMENT: [bank, c.payable, 'bank'],
  };
  const [debit, credit, debited] = sides[text(p.PaymentType) ?? ''] ?? [undefined, '', 'bank'];
  if (!debit) return;
  const [debitAmount, creditAmount] = debited === 'bank' ? [bankBase, controlAmount] : [controlAmount, bankBase];
  l.post(debit, debitAmount);
  l.post(credit, creditAmount.negated());
  const difference = creditAmount.minus(debitAmount);
  if (!difference.isZero()) l.post(c.realisedGain(), difference);
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
  // every document by its id, for the payments below (one read each kind, not one per payment)
  const documents = new Map<string, DocumentRecord>();
  for (const kind of ['Invoice', 'CreditNote'] as const) {
    for (const doc of await s.all(kind)) {
      documents.set(settledDocumentId(kind, doc), doc);
      if (live(doc.Status) && onOrBefore(doc.Date, asAt)) postDocument(l, c, doc);
    }
  }
  // in date order, so each document's last payment is the one that clears what is left of it
  const payments = (await s.all('Payment'))
    .filter((p) => p.Status === 'AUTHORISED' && onOrBefore(p.Date, asAt))
    .sort((a, z) => (parseDateInput(a.Date) ?? 0) - (parseDateInput(z.Date) ?? 0));
  const cleared: Cleared = new Map();
  for (const p of payments) {
    const id = p.Invoice?.InvoiceID ?? p.CreditNote?.CreditNoteID;
    postPayment(l, c, p, id ? documents.get(id) : undefined, cleared);
  }
  for (const t of await s.all('BankTransaction'))
    if (t.Status === 'AUTHORISED' && onOrBefore(t.Date, asAt)) postBankTransaction(l, c, t);
  for (const j of await s.all('ManualJournal')) {
    if (j.Status !== 'POSTED' || !onOrBefore(j.Date, asAt)) continue;
    for (const line of records(j.JournalLines)) l.post(text(line.AccountCode), dec(line.LineAmount, 'LineAmount'));
  }
  return l.balances;
}
