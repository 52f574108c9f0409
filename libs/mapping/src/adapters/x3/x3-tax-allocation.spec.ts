import Decimal from 'decimal.js';
import { X3_ADAPTERS } from './x3-adapters';
import { allocateX3LineTaxes } from './x3-tax-allocation';
import { invoiceLY5531 } from './testing/x3-fixtures';
import type { X3Shape } from '../adapter-contract';

describe('X3 line tax allocation', () => {
  it('shares each code’s footer amount by line amount, the rounding remainder on the largest line', () => {
    // Three lines of 10.01 at 20 %: per line 2.002 → 2.00 each (6.00), the footer says 6.01.
    const lines = [
      { taxCode: 'FRN', lineAmount: '10.01' },
      { taxCode: 'FRN', lineAmount: '10.02' },
      { taxCode: 'FRN', lineAmount: '10.01' },
      { taxCode: 'FRR', lineAmount: '33.33' },
      { taxCode: 'FRR', lineAmount: '66.67' },
    ];
    const taxes = allocateX3LineTaxes(
      lines,
      [
        { taxCode: 'FRN', amount: '6.01' },
        { taxCode: 'FRR', amount: '5.50' },
      ],
      2,
    );
    expect(taxes).toEqual(['2.00', '2.01', '2.00', '1.83', '3.67']);
  });

  it('gives a line with no footer for its code its own rounded tax', () => {
    const taxes = allocateX3LineTaxes(
      [
        { taxCode: 'FRN', lineAmount: '100', ownTax: '20' },
        { taxCode: 'EXO', lineAmount: '50', ownTax: '0.00' },
      ],
      [{ taxCode: 'FRN', amount: '20' }],
      2,
    );
    expect(taxes).toEqual(['20.00', '0.00']);
    expect(allocateX3LineTaxes([{ lineAmount: '1', ownTax: '0.20' }], undefined, 2)).toEqual(['0.20']);
  });

  it('shares negative amounts (rounding half away from zero) and amounts finer than the currency exactly', () => {
    const negative = allocateX3LineTaxes(
      [
        { taxCode: 'FRN', lineAmount: '-10.01' },
        { taxCode: 'FRN', lineAmount: '-10.02' },
        { taxCode: 'FRN', lineAmount: '-10.01' },
      ],
      [{ taxCode: 'FRN', amount: '-6.01' }],
      2,
    );
    expect(negative).toEqual(['-2.00', '-2.01', '-2.00']);
    const fine = allocateX3LineTaxes(
      [
        { taxCode: 'T', lineAmount: '10.005' },
        { taxCode: 'T', lineAmount: '20.010' },
      ],
      [{ taxCode: 'T', amount: '6.003' }],
      2,
    );
    expect(fine.reduce((sum, t) => sum.plus(t!), new Decimal(0)).toFixed()).toBe('6.003');
  });

  it('rounds to 0 places in yen and keeps the per-code sum', () => {
    const taxes = allocateX3LineTaxes(
      [
        { taxCode: 'J10', lineAmount: '333' },
        { taxCode: 'J10', lineAmount: '333' },
        { taxCode: 'J10', lineAmount: '334' },
      ],
      [{ taxCode: 'J10', amount: '100' }],
      0,
    );
    expect(taxes).toEqual(['33', '33', '34']);
  });

  const invoiceWith = (priceBasis: string, currency: string, lines: X3Shape[], taxes: X3Shape[], totals: string[]) => ({
    ...invoiceLY5531,
    priceBasis,
    currency,
    totalAmountExcludingTax: totals[0],
    totalTaxAmount: totals[1],
    totalAmountIncludingTax: totals[2],
    lines,
    taxes,
  });

  it('exclusive prices, several codes, 3-decimal quantities: line taxes add up per code to the footer', () => {
    // 2.125 × 9.99 = 21.22875 → 21.23; 0.333 × 12.50 = 4.1625 → 4.16; 1.5 × 3.33 = 4.995 → 5.00 (FRR)
    const record = invoiceWith(
      'excludingTax',
      'EUR',
      [
        {
          lineNumber: 1000,
          product: 'A',
          quantityInSalesUnitInvoiced: '2.125',
          netPrice: '9.99',
          taxCode: 'FRN',
          lineAmountExcludingTax: '21.23',
          lineAmountIncludingTax: '25.48',
        },
        {
          lineNumber: 2000,
          product: 'B',
          quantityInSalesUnitInvoiced: '0.333',
          netPrice: '12.50',
          taxCode: 'FRN',
          lineAmountExcludingTax: '4.16',
          lineAmountIncludingTax: '4.99',
        },
        {
          lineNumber: 3000,
          product: 'C',
          quantityInSalesUnitInvoiced: '1.5',
          netPrice: '3.33',
          taxCode: 'FRR',
          lineAmountExcludingTax: '5.00',
          lineAmountIncludingTax: '5.28',
        },
      ],
      [
        { taxCode: 'FRN', taxRate: '20', taxBase: '25.39', taxAmount: '5.08' },
        { taxCode: 'FRR', taxRate: '5.5', taxBase: '5.00', taxAmount: '0.28' },
      ],
      ['30.39', '5.36', '35.75'],
    );
    const inv = X3_ADAPTERS.invoice.fromX3(record, { baseCurrency: 'EUR' });
    // Per line the FRN taxes would be 4.25 + 0.83 = 5.08 too; the split is by amount.
    expect(inv.lines.map((l) => [l.quantity, l.lineAmount, l.taxAmount])).toEqual([
      ['2.125', '21.23', '4.25'],
      ['0.333', '4.16', '0.83'],
      ['1.5', '5.00', '0.28'],
    ]);
  });

  it('inclusive prices: the line amount includes tax, and per code amount − tax adds up to the footer base', () => {
    // NZ GST 15 % inclusive: 3 × 19.99 = 59.97, 7 × 4.99 = 34.93; footer 94.90 incl → tax 12.38, base 82.52.
    const record = invoiceWith(
      'includingTax',
      'NZD',
      [
        {
          lineNumber: 1000,
          product: 'A',
          quantityInSalesUnitInvoiced: '3',
          netPrice: '19.99',
          taxCode: 'NZS',
          lineAmountExcludingTax: '52.15',
          lineAmountIncludingTax: '59.97',
        },
        {
          lineNumber: 2000,
          product: 'B',
          quantityInSalesUnitInvoiced: '7',
          netPrice: '4.99',
          taxCode: 'NZS',
          lineAmountExcludingTax: '30.37',
          lineAmountIncludingTax: '34.93',
        },
      ],
      [{ taxCode: 'NZS', taxRate: '15', taxBase: '82.52', taxAmount: '12.38' }],
      ['82.52', '12.38', '94.90'],
    );
    const inv = X3_ADAPTERS.invoice.fromX3(record, { baseCurrency: 'NZD' });
    expect(inv.priceBasis).toBe('inclusive');
    expect(inv.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual([
      ['59.97', '7.82'],
      ['34.93', '4.56'],
    ]);
    const base = inv.lines.reduce((s, l) => s.plus(l.lineAmount).minus(l.taxAmount!), new Decimal(0));
    expect(base.toFixed(2)).toBe('82.52');
  });

  it('JPY: amounts in whole yen, tax shared in whole yen', () => {
    const record = invoiceWith(
      'excludingTax',
      'JPY',
      [
        {
          lineNumber: 1000,
          product: 'A',
          quantityInSalesUnitInvoiced: '1.25',
          netPrice: '1999',
          taxCode: 'J10',
          lineAmountExcludingTax: '2499',
          lineAmountIncludingTax: '2749',
        },
        {
          lineNumber: 2000,
          product: 'B',
          quantityInSalesUnitInvoiced: '3',
          netPrice: '1235',
          taxCode: 'J10',
          lineAmountExcludingTax: '3705',
          lineAmountIncludingTax: '4076',
        },
        {
          lineNumber: 3000,
          product: 'C',
          quantityInSalesUnitInvoiced: '2',
          netPrice: '1000',
          taxCode: 'J08',
          lineAmountExcludingTax: '2000',
          lineAmountIncludingTax: '2160',
        },
      ],
      [
        { taxCode: 'J10', taxRate: '10', taxBase: '6204', taxAmount: '620' },
        { taxCode: 'J08', taxRate: '8', taxBase: '2000', taxAmount: '160' },
      ],
      ['8204', '780', '8984'],
    );
    const inv = X3_ADAPTERS.invoice.fromX3(record, { baseCurrency: 'EUR' });
    // Per line J10 would be 250 + 371 = 621; the footer's 620 wins, the yen off the larger line.
    expect(inv.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual([
      ['2499', '250'],
      ['3705', '370'],
      ['2000', '160'],
    ]);
    expect(inv.totals).toEqual({ subTotal: '8204', totalTax: '780', total: '8984' });
  });
});
