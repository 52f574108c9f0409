import { X3_ADAPTERS } from '../../adapters/x3';
import { paymentFR002 } from '../../adapters/x3/testing/x3-finance-fixtures';
import { XERO_ADAPTERS } from '../../adapters/xero';
import type { Payment } from '../../canonical';
import { starterTemplate } from '../../templates';
import { compileMapping } from '../compile/compile-mapping';
import { runMapping } from '../run/run-mapping';
import { validatePayload } from './validate-payload';

// A payment's Xero payload is a set, one Xero Payment per allocation: every payment is checked,
// and the set adds up to the source payment.

const canonical = (overrides: Partial<Payment> = {}): Payment => ({
  entity: 'payment',
  key: 'PAY-1',
  direction: 'received',
  partyKey: 'C1',
  date: '2026-11-20',
  currency: 'NZD',
  amount: '150.00',
  status: 'authorised',
  allocations: [],
  ...overrides,
});

const payment = (overrides: Record<string, unknown> = {}) => ({
  invoice: { invoiceNumber: 'INV-1' },
  account: { code: '090' },
  date: '2026-11-20',
  amount: 100,
  reference: 'PAY-1',
  status: 'AUTHORISED',
  ...overrides,
});

const nzd = { adapterContext: { baseCurrency: 'NZD' } };
const check = (payload: Record<string, unknown>, record = canonical(), context = nzd) =>
  validatePayload('x3-to-xero', record, payload, context).map(({ field, rule }) => `${field} ${rule}`);

describe('payment set validation', () => {
  it('accepts a set whose payments each settle a document from a bank account and add up to the payment', () => {
    const set = {
      payments: [payment(), payment({ creditNote: { creditNoteID: 'cn-1' }, invoice: undefined, amount: 30 })],
      unallocated: '20.00',
    };
    expect(check(set)).toEqual([]);
  });

  it('names each payment, its field and the rule it breaks', () => {
    const set = {
      payments: [
        payment({ account: {} }),
        payment({ invoice: {}, date: undefined }),
        payment({ invoice: { invoiceID: 'i-1' }, creditNote: { creditNoteID: 'c-1' } }),
      ],
    };
    expect(check(set, canonical({ amount: '300.00' }))).toEqual([
      'payments[0].account.code required',
      'payments[1].invoice required',
      'payments[1].date required',
      'payments[2].invoice required',
    ]);
  });

  it("refuses amounts that are not positive or are finer than the currency's places", () => {
    const nzSet = { payments: [payment({ amount: 0 }), payment({ amount: '12.345' }), payment({ amount: -5 })] };
    expect(check(nzSet)).toEqual([
      'payments[0].amount payment-amount',
      'payments[1].amount currency-places',
      'payments[2].amount payment-amount',
    ]);
    // JPY has no minor unit: 10.5 yen cannot be paid
    const yen = canonical({ currency: 'JPY', amount: '10', exchangeRate: { baseCurrency: 'NZD', rate: '0.011' } });
    expect(check({ payments: [payment({ amount: 10.5, currencyRate: 90.9091 })] }, yen)).toEqual([
      'payments[0].amount currency-places',
    ]);
  });

  it('needs the rate of a foreign payment, never 1, and no other rate on a base-currency one', () => {
    const usd = canonical({ currency: 'USD', amount: '100.00', exchangeRate: { baseCurrency: 'NZD', rate: '1.6' } });
    expect(check({ payments: [payment()] }, usd)).toEqual(['payments[0].currencyRate currency-rate']);
    expect(check({ payments: [payment({ currencyRate: 1 })] }, usd)).toEqual([
      'payments[0].currencyRate currency-rate',
    ]);
    expect(check({ payments: [payment({ currencyRate: 0.625 })] }, usd)).toEqual([]);
    expect(check({ payments: [payment({ currencyRate: 0.625 })] }, canonical({ amount: '100.00' }))).toEqual([
      'payments[0].currencyRate currency-rate',
    ]);
  });

  it('adds the payments and the unallocated amount up to the source payment, and refuses an over-allocation', () => {
    expect(check({ payments: [payment({ amount: 100 })] })).toEqual(['payments[].amount payment-total']);
    expect(check({ payments: [payment({ amount: 200 })], unallocated: '-50.00' })).toEqual([
      'unallocated payment-amount',
    ]);
    expect(check({ payments: [] })).toEqual(['payments required', 'payments[].amount payment-total']);
    expect(check({ payments: [], unallocated: '150.00' })).toEqual([]);
  });

  it('checks each credit note applied within the payment', () => {
    const credit = { creditNote: { creditNoteNumber: 'CN-1' }, invoice: { invoiceNumber: 'INV-1' }, amount: 5 };
    expect(check({ payments: [payment({ amount: 150 })], creditAllocations: [credit] })).toEqual([]);
    expect(
      check({ payments: [payment({ amount: 150 })], creditAllocations: [{ ...credit, creditNote: {}, amount: -5 }] }),
    ).toEqual(['creditAllocations[0].creditNote required', 'creditAllocations[0].amount payment-amount']);
  });

  it("checks a single Xero Payment (not a set) by the same rules, and the organisation's lock date", () => {
    expect(check(payment({ amount: 150 }))).toEqual([]);
    expect(check(payment({ amount: 150, account: undefined }))).toEqual(['account.code required']);
    const locked = { ...nzd, lockDates: { periodLockDate: '2026-11-30' } };
    expect(check({ payments: [payment({ amount: 150 })] }, canonical(), locked)).toEqual(['date lock-date']);
  });
});

describe('a payment through the engine with the starter template', () => {
  const nzPayment = {
    ...paymentFR002,
    _id: 'PAYNZ0110009',
    id: 'PAYNZ0110009',
    company: 'NZ10',
    site: 'NZ011',
    currency: 'NZD',
    amount: '1556.20',
    amountInLedgerCurrency: '1556.20',
    lines: [
      { lineNumber: 1000, documentType: 'INV', document: 'SIHNZ0110001', amount: '1000.00' },
      { lineNumber: 2000, documentType: 'INV', document: 'SIHNZ0110002', amount: '500.00' },
    ],
  };
  const context = {
    adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
    adapterContext: { baseCurrency: 'NZD', x3Company: 'NZ10' },
  };

  it('maps every payment of the set: the bank account by payment method on each, the rest unallocated', async () => {
    const outcome = await runMapping(compileMapping(starterTemplate('NZ', 'payment')), nzPayment, context);
    if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
    const set = outcome.payload as { payments: Array<Record<string, unknown>>; unallocated?: string };
    expect(set.payments.map((p) => [p.invoice, p.amount, p.account])).toEqual([
      [{ invoiceNumber: 'SIHNZ0110001' }, 1000, { code: expect.any(String) }],
      [{ invoiceNumber: 'SIHNZ0110002' }, 500, { code: expect.any(String) }],
    ]);
    expect(set.payments[0].account).toEqual(set.payments[1].account);
    expect(set.unallocated).toBe('56.20');
  });

  it("gives an expression each payment's own allocation as $line", async () => {
    const doc = starterTemplate('NZ', 'payment');
    doc.fields.push({
      target: 'payments[].reference',
      source: { kind: 'expression', expression: '$line.documentKey' },
    });
    const outcome = await runMapping(compileMapping(doc), nzPayment, context);
    if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
    const set = outcome.payload as { payments: Array<Record<string, unknown>> };
    expect(set.payments.map((p) => p.reference)).toEqual(['SIHNZ0110001', 'SIHNZ0110002']);
  });

  it('says which payment lacks its bank account when the payment method has no lookup entry', async () => {
    const outcome = await runMapping(
      compileMapping(starterTemplate('NZ', 'payment')),
      { ...nzPayment, paymentMethod: 'NO-SUCH-METHOD' },
      context,
    );
    expect(outcome.kind).toBe('waiting');
    if (outcome.kind !== 'waiting') return;
    // the same lookup names the bank account of a remainder (an overpayment or prepayment)
    expect(outcome.missing.map((m) => m.field)).toEqual([
      'payments[0].account.code',
      'payments[1].account.code',
      'bankAccount.code',
    ]);
  });

  it('maps an X3 receipt that uses up a credit memo: cash on the invoice, the credit note as an allocation', async () => {
    const fr = { baseCurrency: 'EUR', x3Company: 'FR10' };
    const outcome = await runMapping(compileMapping(starterTemplate('NZ', 'payment')), paymentFR002, {
      ...context,
      adapterContext: fr,
    });
    if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
    const set = outcome.payload as { payments: Array<Record<string, unknown>>; creditAllocations?: unknown[] };
    expect(set.payments.map((p) => [p.invoice, p.amount])).toEqual([[{ invoiceNumber: 'SIHFR0110001' }, 1549.1]]);
    expect(set.creditAllocations).toEqual([
      {
        creditNote: { creditNoteNumber: 'SCMFR0110001' },
        invoice: { invoiceNumber: 'SIHFR0110001' },
        amount: 7.1,
        date: '2026-11-20',
      },
    ]);
  });
});
