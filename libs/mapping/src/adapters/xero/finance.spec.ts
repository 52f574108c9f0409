import type { Journal, Payment, Shipment } from '../../canonical';
import { journalXeroAdapter, paymentXeroAdapter, shipmentXeroAdapter } from './finance';
import { XeroAdapterError } from './xero-adapter-error';
import { AwaitingReference } from '../adapter-contract';

const ctx = { baseCurrency: 'EUR' };

const payment: Payment = {
  entity: 'payment',
  key: 'PAY0001',
  direction: 'received',
  partyKey: 'US001',
  date: '2024-06-10',
  currency: 'USD',
  amount: '1500.00',
  exchangeRate: { baseCurrency: 'EUR', rate: '0.93' },
  bankAccount: '090',
  status: 'authorised',
  allocations: [
    { documentKey: 'FAC1', documentType: 'invoice', amount: '1000.00' },
    { documentKey: 'AVO1', documentType: 'creditNote', amount: '200.00', xeroDocumentId: 'cn-1' },
  ],
};

describe('payments', () => {
  it("writes one Xero Payment per allocation at the payment date's rate, the rest left as unallocated", () => {
    expect(paymentXeroAdapter.toXero(payment, ctx)).toEqual({
      payments: [
        {
          invoice: { invoiceNumber: 'FAC1' },
          account: { code: '090' },
          date: '2024-06-10',
          amount: 1000,
          currencyRate: 1.075269,
          reference: 'PAY0001',
          status: 'AUTHORISED',
        },
        {
          creditNote: { creditNoteID: 'cn-1' },
          account: { code: '090' },
          date: '2024-06-10',
          amount: 200,
          currencyRate: 1.075269,
          reference: 'PAY0001',
          status: 'AUTHORISED',
        },
      ],
      unallocated: '300.00',
    });
  });

  it("needs a bill's Xero id (its InvoiceNumber is the supplier's) and a foreign payment's rate", () => {
    const bill = {
      ...payment,
      direction: 'paid' as const,
      allocations: [{ documentKey: 'BIS1', documentType: 'bill' as const, amount: '5.00' }],
    };
    expect(() => paymentXeroAdapter.toXero(bill, ctx)).toThrow(XeroAdapterError);
    const resolved = { ...bill, allocations: [{ ...bill.allocations[0], xeroDocumentId: 'b-1' }] };
    expect(paymentXeroAdapter.toXero(resolved, ctx).payments[0].invoice).toEqual({ invoiceID: 'b-1' });
    expect(() => paymentXeroAdapter.toXero({ ...payment, exchangeRate: undefined }, ctx)).toThrow(/needs its rate/);
  });

  const billPayment = {
    paymentID: 'p-1',
    paymentType: 'ACCPAYPAYMENT',
    invoice: {
      invoiceID: 'b-1',
      invoiceNumber: 'SUP-88',
      type: 'ACCPAY',
      contact: { contactNumber: 'SUP01' },
      currencyCode: 'EUR',
    },
    account: { code: '090' },
    date: '2024-06-10T00:00:00',
    amount: 87.75,
    status: 'AUTHORISED',
  };

  it("reads a Xero bill payment back keyed by the X3 key our cross-reference holds for the bill's InvoiceID", () => {
    const x3Keys = new Map([['b-1', 'PIH0042']]);
    const back = paymentXeroAdapter.fromXero(billPayment, { ...ctx, x3KeyOfXeroDocument: (id) => x3Keys.get(id) });
    expect(back).toEqual({
      entity: 'payment',
      key: 'p-1',
      direction: 'paid',
      partyKey: 'SUP01',
      date: '2024-06-10',
      currency: 'EUR',
      amount: '87.75',
      bankAccount: '090',
      status: 'authorised',
      allocations: [{ documentKey: 'PIH0042', documentType: 'bill', amount: '87.75', xeroDocumentId: 'b-1' }],
      origin: { system: 'xero', key: 'p-1' },
    });
  });

  it("waits on a bill the cross-references do not know, never keying it by its (supplier's) number", () => {
    const awaited = [{ table: 'cross-reference', key: ['bill', 'b-1'], field: 'allocations[0].documentKey' }];
    for (const context of [ctx, { ...ctx, x3KeyOfXeroDocument: () => undefined }]) {
      let thrown: unknown;
      try {
        paymentXeroAdapter.fromXero(billPayment, context);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AwaitingReference);
      expect((thrown as AwaitingReference).awaited).toEqual(awaited);
    }
  });

  it("names the partner by its cross-reference when Xero gives the contact's ContactID only", () => {
    const byId = {
      ...billPayment,
      invoice: { ...billPayment.invoice, contact: { contactID: 'c-9', name: 'Paper Co' } },
    };
    const context = {
      ...ctx,
      x3KeyOfXeroDocument: () => 'PIH0042',
      x3KeyOfXeroContact: (id: string, as: string) => (id === 'c-9' && as === 'supplier' ? 'SUP09' : undefined),
    };
    expect(paymentXeroAdapter.fromXero(byId, context).partyKey).toBe('SUP09');
    expect(paymentXeroAdapter.fromXero(byId, { ...context, x3KeyOfXeroContact: undefined }).partyKey).toBe('c-9');
  });

  it("keys an invoice by its cross-reference, else by its number (the forward flow writes X3's number there)", () => {
    const invoicePayment = {
      ...billPayment,
      paymentType: 'ACCRECPAYMENT',
      invoice: { ...billPayment.invoice, invoiceID: 'i-1', invoiceNumber: 'SIH001', type: 'ACCREC' },
    };
    const known = { ...ctx, x3KeyOfXeroDocument: (id: string) => (id === 'i-1' ? 'SIH-X3' : undefined) };
    expect(paymentXeroAdapter.fromXero(invoicePayment, known).allocations[0].documentKey).toBe('SIH-X3');
    expect(paymentXeroAdapter.fromXero(invoicePayment, ctx).allocations[0].documentKey).toBe('SIH001');
  });
});

const journal: Journal = {
  entity: 'journal',
  key: 'ODA240001',
  date: '2024-06-30',
  description: 'Accrual June',
  currency: 'EUR',
  status: 'posted',
  lines: [
    { lineNumber: 1, accountCode: '400', amount: '120.50', dimensions: { Region: 'North' } },
    { lineNumber: 2, accountCode: '800', amount: '-120.50', description: 'accrued' },
  ],
};

describe('manual journals', () => {
  it('carries our key in the Narration, debit positive, and reads it back', () => {
    const x = journalXeroAdapter.toXero(journal, ctx);
    expect(x).toEqual({
      narration: 'X3 ODA240001: Accrual June',
      date: '2024-06-30',
      status: 'POSTED',
      lineAmountTypes: 'NoTax',
      journalLines: [
        { lineAmount: 120.5, accountCode: '400', tracking: [{ name: 'Region', option: 'North' }] },
        { lineAmount: -120.5, accountCode: '800', description: 'accrued' },
      ],
    });
    const back = journalXeroAdapter.fromXero({ ...x, manualJournalID: 'mj-1' }, ctx);
    expect(back).toEqual({
      ...journal,
      sourceStatus: 'POSTED',
      lines: [
        { lineNumber: 1, accountCode: '400', amount: '120.50', dimensions: { Region: 'North' } },
        { lineNumber: 2, accountCode: '800', amount: '-120.50', description: 'accrued' },
      ],
      origin: { system: 'xero', key: 'mj-1' },
    });
  });

  it('posts a foreign journal at its base amounts, and refuses one without them or off balance', () => {
    const usd: Journal = {
      ...journal,
      currency: 'USD',
      lines: journal.lines.map((l) => ({ ...l, baseAmount: l.amount.startsWith('-') ? '-110.00' : '110.00' })),
    };
    expect(journalXeroAdapter.toXero(usd, ctx).journalLines?.map((l) => l.lineAmount)).toEqual([110, -110]);
    expect(() => journalXeroAdapter.toXero({ ...usd, lines: journal.lines }, ctx)).toThrow(/EUR only/);
    const off = { ...journal, lines: [journal.lines[0]] };
    expect(() => journalXeroAdapter.toXero(off, ctx)).toThrow(/off balance by 120.5/);
  });
});

describe('shipments', () => {
  it('are not written to or read from Xero', () => {
    const s: Shipment = {
      entity: 'shipment',
      key: 'SDH1',
      orderKey: 'SOH1',
      partyKey: 'C',
      date: '2024-01-01',
      currency: 'EUR',
      isValidated: true,
      isInvoiced: false,
      lines: [],
    };
    expect(() => shipmentXeroAdapter.toXero(s, ctx)).toThrow(/no shipment object/);
    expect(() => shipmentXeroAdapter.fromXero({}, ctx)).toThrow(XeroAdapterError);
  });
});

describe('payments that use up credit notes', () => {
  // X3: a receipt of 1,549.10 settling invoice FAC1 (1,556.20) with credit memo AVO1 (−7.10)
  const netted: Payment = {
    ...payment,
    currency: 'EUR',
    exchangeRate: undefined,
    amount: '1549.10',
    allocations: [
      { documentKey: 'FAC1', documentType: 'invoice', amount: '1000.00' },
      { documentKey: 'FAC2', documentType: 'invoice', amount: '556.20' },
      { documentKey: 'AVO1', documentType: 'creditNote', amount: '-7.10' },
    ],
  };

  it('applies the credit note to the invoices in line order and pays only the rest in cash', () => {
    const set = paymentXeroAdapter.toXero(netted, ctx);
    expect(set.payments.map((p) => [p.invoice, p.amount])).toEqual([
      [{ invoiceNumber: 'FAC1' }, 992.9],
      [{ invoiceNumber: 'FAC2' }, 556.2],
    ]);
    expect(set.creditAllocations).toEqual([
      { creditNote: { creditNoteNumber: 'AVO1' }, invoice: { invoiceNumber: 'FAC1' }, amount: 7.1, date: '2024-06-10' },
    ]);
    expect(set.unallocated).toBeUndefined();
  });

  it('spreads a credit over several invoices, and reads the set back as X3 had it', () => {
    const big: Payment = {
      ...netted,
      amount: '556.20',
      allocations: [
        { documentKey: 'FAC1', documentType: 'invoice', amount: '600.00' },
        { documentKey: 'FAC2', documentType: 'invoice', amount: '556.20' },
        { documentKey: 'AVO1', documentType: 'creditNote', amount: '-600.00' },
      ],
    };
    const set = paymentXeroAdapter.toXero(big, ctx);
    expect(set.payments.map((p) => [p.invoice, p.amount])).toEqual([[{ invoiceNumber: 'FAC2' }, 556.2]]);
    expect(set.creditAllocations?.map((c) => [c.invoice, c.amount])).toEqual([[{ invoiceNumber: 'FAC1' }, 600]]);
    const back = paymentXeroAdapter.fromXero(set, ctx);
    expect(back.amount).toBe('556.20');
    expect(back.allocations.map((a) => [a.documentKey, a.documentType, a.amount])).toEqual([
      ['FAC2', 'invoice', '556.20'],
      ['FAC1', 'invoice', '600.00'],
      ['AVO1', 'creditNote', '-600.00'],
    ]);
    const nettedBack = paymentXeroAdapter.fromXero(paymentXeroAdapter.toXero(netted, ctx), ctx);
    expect(nettedBack.allocations.map((a) => [a.documentKey, a.amount])).toEqual([
      ['FAC1', '1000.00'],
      ['FAC2', '556.20'],
      ['AVO1', '-7.10'],
    ]);
  });

  it('refuses a credit larger than what the payment leaves open on its documents', () => {
    const over = {
      ...netted,
      allocations: [...netted.allocations.slice(0, 1), { ...netted.allocations[2], amount: '-1000.01' }],
    };
    expect(() => paymentXeroAdapter.toXero(over, ctx)).toThrow(/uses 0.01 more/);
  });
});
