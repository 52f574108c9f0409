import { X3_ADAPTERS } from './x3-adapters';
import { EUR_CTX, GBP_CTX, journalODG, paymentFR002 } from './testing/x3-fixtures';

const { payment, journal } = X3_ADAPTERS;

describe('X3 payment and journal adapters', () => {
  it('reads a customer receipt with its rate, ledger amount and allocations (a credit memo line settles a credit)', () => {
    expect(payment.fromX3(paymentFR002, EUR_CTX)).toEqual({
      entity: 'payment',
      key: 'PAYFR0110002',
      direction: 'received',
      partyKey: 'FR002',
      date: '2026-11-20',
      currency: 'EUR',
      amount: '1549.10',
      exchangeRate: { baseCurrency: 'EUR', rate: '1', rateType: 'dailyRate' },
      baseAmount: '1549.10',
      bankAccount: 'BQ1',
      paymentMethod: 'TRF',
      reference: 'VIR-5531',
      status: 'authorised',
      allocations: [
        { documentKey: 'SIHFR0110001', documentType: 'invoice', amount: '1556.20' },
        { documentKey: 'SCMFR0110001', documentType: 'creditNote', amount: '-7.10' },
      ],
      origin: { system: 'x3', key: 'PAYFR0110002', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
  });

  it('reads a line on no document (an advance) as no allocation: the payment amount keeps it, as its remainder', () => {
    const over = payment.fromX3(
      {
        ...paymentFR002,
        amount: '1599.10',
        lines: [
          ...(paymentFR002.lines as object[]),
          { lineNumber: 3000, documentType: '', document: '', amount: '50' },
        ],
      },
      EUR_CTX,
    );
    expect([over.amount, over.allocations.map((a) => a.documentKey)]).toEqual([
      '1599.10',
      ['SIHFR0110001', 'SCMFR0110001'],
    ]);
    const advance = payment.fromX3(
      { ...paymentFR002, amount: '50', lines: [{ lineNumber: 1000, amount: '50' }] },
      EUR_CTX,
    );
    expect([advance.amount, advance.allocations]).toEqual(['50.00', []]);
  });

  it('reads a supplier payment in a foreign currency, and a bounced one as deleted', () => {
    const paid = payment.fromX3(
      {
        ...paymentFR002,
        businessPartnerType: 'supplier',
        businessPartner: 'CN001',
        sense: 'expense',
        currency: 'USD',
        amount: '1000.00',
        exchangeRate: '0.92396700',
        amountInLedgerCurrency: '923.97',
        lines: [{ lineNumber: 1000, documentType: 'BPSINV', document: 'PIHFR0110009', amount: '1000.00' }],
      },
      EUR_CTX,
    );
    expect(paid).toMatchObject({
      direction: 'paid',
      currency: 'USD',
      exchangeRate: { baseCurrency: 'EUR', rate: '0.923967' },
      baseAmount: '923.97',
      allocations: [{ documentKey: 'PIHFR0110009', documentType: 'bill', amount: '1000.00' }],
    });
    expect(payment.fromX3({ ...paymentFR002, status: 'unpaid' }, EUR_CTX).status).toBe('deleted');
    expect(payment.fromX3({ ...paymentFR002, status: 'entered' }, EUR_CTX).status).toBe('draft');
  });

  it('writes a payment as X3 takes it: partner, site, lines matched to open items (X3 derives amount and sense)', () => {
    const p = payment.fromX3(paymentFR002, EUR_CTX);
    expect(payment.toX3!(p, EUR_CTX)).toEqual({
      businessPartnerType: 'customer',
      businessPartner: 'FR002',
      site: 'FR011',
      accountingDate: '2026-11-20',
      currency: 'EUR',
      rateType: 'dailyRate',
      bankAccount: 'BQ1',
      paymentMethod: 'TRF',
      reference: 'VIR-5531',
      lines: [
        { document: 'SIHFR0110001', amount: '1556.20' },
        { document: 'SCMFR0110001', amount: '-7.10' },
      ],
    });
  });

  it('reads a journal with signed lines (debit positive), ledger amounts and dimensions', () => {
    const j = journal.fromX3(journalODG, EUR_CTX);
    expect(j).toEqual({
      entity: 'journal',
      key: 'ODGFR100001',
      date: '2026-11-10',
      description: 'Bank fees November',
      currency: 'EUR',
      exchangeRate: { baseCurrency: 'EUR', rate: '1' },
      category: 'actual',
      status: 'posted',
      sourceStatus: 'final',
      entryType: 'ODG',
      lines: [
        {
          lineNumber: 1,
          accountCode: '607000',
          description: 'Fees',
          amount: '12.35',
          baseAmount: '12.35',
          dimensions: { DEP: 'ADMIN' },
        },
        { lineNumber: 2, accountCode: '512000', description: 'Bank', amount: '-12.35', baseAmount: '-12.35' },
      ],
      origin: { system: 'x3', key: 'ODGFR100001', updatedAt: '2026-11-05T10:15:00.000Z' },
    });
    expect(j.lines.reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0)).toBe(0);
    expect(journal.fromX3({ ...journalODG, status: 'temporary' }, EUR_CTX).status).toBe('draft');
  });

  it('writes a journal back with sense and unsigned amounts, in the context company and site', () => {
    const j = journal.fromX3(
      {
        ...journalODG,
        currency: 'EUR',
        exchangeRate: '0.8536',
        lines: [
          {
            lineNumber: 1,
            account: '4000',
            sense: 'credit',
            amountInCurrency: '100.00',
            amountInLedgerCurrency: '85.36',
          },
          {
            lineNumber: 2,
            account: '1200',
            sense: 'debit',
            amountInCurrency: '100.00',
            amountInLedgerCurrency: '85.36',
          },
        ],
      },
      GBP_CTX,
    );
    expect(j.exchangeRate).toEqual({ baseCurrency: 'GBP', rate: '0.8536' });
    expect(j.lines.map((l) => [l.amount, l.baseAmount])).toEqual([
      ['-100.00', '-85.36'],
      ['100.00', '85.36'],
    ]);
    expect(journal.toX3!(j, { ...GBP_CTX, x3DimensionTypes: ['DEP'] })).toEqual({
      entryType: 'ODG',
      company: 'GB10',
      site: 'GB011',
      accountingDate: '2026-11-10',
      category: 'actual',
      description: 'Bank fees November',
      currency: 'EUR',
      exchangeRate: '0.8536',
      lines: [
        { account: '4000', sense: 'credit', amountInCurrency: '100', amountInLedgerCurrency: '85.36' },
        { account: '1200', sense: 'debit', amountInCurrency: '100', amountInLedgerCurrency: '85.36' },
      ],
    });
  });
});
