import type { Bill, CreditNote, Invoice, SalesOrder } from '../../canonical';
import { MoneyRuleError } from '../../money';
import { billXeroAdapter, creditNoteXeroAdapter, invoiceXeroAdapter, salesOrderXeroAdapter } from './document-adapters';
import { planXeroDocument } from './documents';
import { XeroAdapterError } from './xero-adapter-error';

const ctx = { baseCurrency: 'EUR' };

// Xero's rounding-guide lines, X3 footer tax rounded once: 11.445 → 11.45 (Xero per line: 11.44)
const invoice: Invoice = {
  entity: 'invoice',
  key: 'FAC2400012',
  partyKey: 'FR001',
  date: '2024-05-31',
  dueDate: '2024-06-30',
  currency: 'EUR',
  priceBasis: 'exclusive',
  status: 'authorised',
  lines: [
    {
      lineNumber: 1,
      productKey: 'A',
      quantity: '1',
      unitPrice: '25.06',
      lineAmount: '25.06',
      taxCode: 'S15',
      accountCode: '200',
    },
    {
      lineNumber: 2,
      productKey: 'B',
      quantity: '2',
      grossPrice: '16',
      discountPercent: '20',
      unitPrice: '12.805',
      lineAmount: '25.61',
      taxCode: 'S15',
      accountCode: '200',
    },
    {
      lineNumber: 3,
      description: 'Service',
      quantity: '1.5',
      unitPrice: '17.0867',
      lineAmount: '25.63',
      taxCode: 'S15',
      accountCode: '200',
      dimensions: { Region: 'North' },
    },
  ],
  taxes: [{ taxCode: 'S15', rate: '15', base: '76.30', amount: '11.45' }],
  totals: { subTotal: '76.30', totalTax: '11.45', total: '87.75' },
};

describe('invoices', () => {
  it("writes an ACCREC invoice whose per-line TaxAmounts add up to X3's footer", () => {
    const x = invoiceXeroAdapter.toXero(invoice, ctx);
    expect(x).toEqual({
      type: 'ACCREC',
      invoiceNumber: 'FAC2400012',
      contact: { contactNumber: 'FR001' },
      date: '2024-05-31',
      dueDate: '2024-06-30',
      lineAmountTypes: 'Exclusive',
      currencyCode: 'EUR',
      status: 'AUTHORISED',
      lineItems: [
        {
          description: 'A',
          itemCode: 'A',
          quantity: 1,
          unitAmount: 25.06,
          lineAmount: 25.06,
          taxAmount: 3.76,
          taxType: 'S15',
          accountCode: '200',
        },
        // 2 × 16 less 20 % = 25.60, not 25.61: the discount form does not fit, the net price does not either
        {
          description: 'B',
          itemCode: 'B',
          quantity: 2,
          unitAmount: 12.805,
          lineAmount: 25.61,
          taxAmount: 3.84,
          taxType: 'S15',
          accountCode: '200',
        },
        // largest line takes the footer's cent
        {
          description: 'Service',
          quantity: 1.5,
          unitAmount: 17.0867,
          lineAmount: 25.63,
          taxAmount: 3.85,
          taxType: 'S15',
          accountCode: '200',
          tracking: [{ name: 'Region', option: 'North' }],
        },
      ],
    });
  });

  it('sends the discount when Xero reproduces the amount with it', () => {
    const line = {
      lineNumber: 1,
      quantity: '3',
      grossPrice: '10',
      discountPercent: '12.5',
      unitPrice: '8.75',
      lineAmount: '26.25',
    };
    const x = invoiceXeroAdapter.toXero(
      { ...invoice, lines: [line], taxes: undefined, totals: { subTotal: '26.25', totalTax: '0.00', total: '26.25' } },
      ctx,
    );
    expect(x.lineItems).toEqual([
      { description: 'Line 1', quantity: 3, unitAmount: 10, discountRate: 12.5, lineAmount: 26.25, taxAmount: 0 },
    ]);
    expect(x.lineAmountTypes).toBe('NoTax');
  });

  it('refuses a document whose totals Xero would compute differently', () => {
    const bad = { ...invoice, totals: { ...invoice.totals, total: '87.76' } };
    expect(() => invoiceXeroAdapter.toXero(bad, ctx)).toThrow(XeroAdapterError);
    expect(() => invoiceXeroAdapter.toXero(bad, ctx)).toThrow(/total 87.75 from the lines, the source says 87.76/);
  });

  it('sends the 6-place CurrencyRate and states the base difference; refuses a foreign document at rate 1', () => {
    const usd: Invoice = {
      ...invoice,
      currency: 'USD',
      exchangeRate: { baseCurrency: 'EUR', rate: '0.92' },
      lines: [
        { lineNumber: 1, quantity: '1', unitPrice: '1000', lineAmount: '1000.00', taxCode: 'Z', taxAmount: '0.00' },
      ],
      taxes: [{ taxCode: 'Z', rate: '0', base: '1000.00', amount: '0.00' }],
      totals: { subTotal: '1000.00', totalTax: '0.00', total: '1000.00' },
    };
    const plan = planXeroDocument(usd, ctx, { allowDiscount: true });
    expect(plan.model.currencyRate).toBe(1.086957);
    expect(plan.rate).toMatchObject({ x3BaseAmount: '920.00', xeroBaseAmount: '920.00', baseDifference: '0.00' });
    const atPar = { ...usd, exchangeRate: { baseCurrency: 'EUR', rate: '1' } };
    expect(() => invoiceXeroAdapter.toXero(atPar, ctx)).toThrow(MoneyRuleError);
  });

  it('never sets PAID: a paid source invoice goes AUTHORISED; PAID is read back as paid', () => {
    expect(invoiceXeroAdapter.toXero({ ...invoice, status: 'paid' }, ctx).status).toBe('AUTHORISED');
    const back = invoiceXeroAdapter.fromXero(
      {
        ...invoiceXeroAdapter.toXero(invoice, ctx),
        status: 'PAID',
        invoiceID: 'inv-1',
        subTotal: 76.3,
        totalTax: 11.45,
        total: 87.75,
        amountDue: 0,
        amountPaid: 87.75,
      },
      ctx,
    );
    expect(back).toMatchObject({
      key: 'FAC2400012',
      status: 'paid',
      sourceStatus: 'PAID',
      totals: { subTotal: '76.30', totalTax: '11.45', total: '87.75' },
      amountDue: '0.00',
      origin: { system: 'xero', key: 'inv-1' },
    });
    expect(back.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual([
      ['25.06', '3.76'],
      ['25.61', '3.84'],
      ['25.63', '3.85'],
    ]);
  });

  it('reads a Xero foreign invoice: rate in X3 direction, base total as Xero booked it', () => {
    const back = invoiceXeroAdapter.fromXero(
      {
        type: 'ACCREC',
        invoiceNumber: 'INV-9',
        currencyCode: 'USD',
        currencyRate: 1.086957,
        total: 1000,
        subTotal: 1000,
        totalTax: 0,
        date: new Date('2024-05-31T00:00:00Z'),
        lineAmountTypes: 'Inclusive',
      },
      ctx,
    );
    expect(back).toMatchObject({
      date: '2024-05-31',
      priceBasis: 'inclusive',
      exchangeRate: { baseCurrency: 'EUR', rate: '0.9199995952' },
      baseTotal: '920.00',
    });
  });
});

describe('bills, credit notes, orders', () => {
  it("keys a bill by our X3 number in Reference, the supplier's number as InvoiceNumber, no discounts", () => {
    const bill: Bill = {
      ...invoice,
      entity: 'bill',
      key: 'BIS2400007',
      supplierReference: 'SUP-88',
      partyKey: 'SUP01',
    };
    const x = billXeroAdapter.toXero(bill, ctx);
    expect(x).toMatchObject({ type: 'ACCPAY', invoiceNumber: 'SUP-88', reference: 'BIS2400007' });
    expect(x.lineItems?.some((l) => l.discountRate !== undefined)).toBe(false);
    expect(
      billXeroAdapter.fromXero({ ...x, invoiceID: 'b-1', subTotal: 76.3, totalTax: 11.45, total: 87.75 }, ctx),
    ).toMatchObject({
      entity: 'bill',
      key: 'BIS2400007',
      supplierReference: 'SUP-88',
    });
  });

  it('writes sales and purchase credit notes with the credited invoice in Reference', () => {
    const cn: CreditNote = {
      ...invoice,
      entity: 'creditNote',
      key: 'AVO001',
      side: 'purchase',
      originalInvoiceKey: 'BIS1',
    };
    const x = creditNoteXeroAdapter.toXero(cn, ctx);
    expect(x).toMatchObject({ type: 'ACCPAYCREDIT', creditNoteNumber: 'AVO001', reference: 'BIS1' });
    expect(creditNoteXeroAdapter.toXero({ ...cn, side: 'sales' }, ctx).type).toBe('ACCRECCREDIT');
    const back = creditNoteXeroAdapter.fromXero(
      { ...x, creditNoteID: 'cn-1', total: 87.75, remainingCredit: 87.75 },
      ctx,
    );
    expect(back).toMatchObject({ entity: 'creditNote', key: 'AVO001', side: 'purchase', reference: 'BIS1' });
  });

  it('raises a sales order as a DRAFT sales invoice with the order key in Reference and no number', () => {
    const order: SalesOrder = { ...invoice, entity: 'salesOrder', key: 'SOH0042', status: 'authorised' };
    const x = salesOrderXeroAdapter.toXero(order, ctx);
    expect(x).toMatchObject({ type: 'ACCREC', reference: 'SOH0042', status: 'DRAFT' });
    expect(x).not.toHaveProperty('invoiceNumber');
    expect(salesOrderXeroAdapter.toXero({ ...order, status: 'deleted' }, ctx).status).toBe('DELETED');
    expect(salesOrderXeroAdapter.fromXero({ ...x, invoiceID: 'd-1', total: 87.75 }, ctx)).toMatchObject({
      entity: 'salesOrder',
      key: 'SOH0042',
      status: 'draft',
    });
  });
});
