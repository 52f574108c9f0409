import { MoneyRuleError } from './errors';
import { allocateLineTax, compareTotals, lineTax, xeroDocumentTotals } from './tax';

describe('tax per line', () => {
  it('computes a line tax exclusive and inclusive', () => {
    expect(lineTax('100', '15', 'exclusive').toFixed()).toBe('15');
    expect(lineTax('115', '15', 'inclusive').toFixed()).toBe('15');
  });

  it("puts the footer's rounding difference on the largest line of the code", () => {
    // Xero's rounding guide example: lines round to 3.76 + 3.84 + 3.84 = 11.44; a footer rounds 11.445 → 11.45
    const lines = [
      { amount: '25.06', taxCode: 'OUTPUT2' },
      { amount: '25.61', taxCode: 'OUTPUT2' },
      { amount: '25.63', taxCode: 'OUTPUT2' },
      { amount: '10.00', taxCode: 'ZERO' },
    ];
    const footer = [
      { taxCode: 'OUTPUT2', rate: '15', base: '76.30', amount: '11.45' },
      { taxCode: 'ZERO', rate: '0', base: '10.00', amount: '0.00' },
    ];
    const r = allocateLineTax(lines, footer, 'exclusive', 'NZD');
    expect(r.taxAmounts).toEqual(['3.76', '3.84', '3.85', '0.00']);
    expect(r.adjustments).toEqual([{ taxCode: 'OUTPUT2', lineIndex: 2, difference: '0.01' }]);
    const totals = xeroDocumentTotals(
      lines.map((l, i) => ({ lineAmount: l.amount, taxAmount: r.taxAmounts[i] })),
      'exclusive',
    );
    expect(totals).toEqual({ subTotal: '86.30', totalTax: '11.45', total: '97.75' });
  });

  it('keeps per-line rounding when no footer is given, and 0 for untaxed lines', () => {
    const r = allocateLineTax(
      [{ amount: '28.82', taxCode: 'G', rate: '15' }, { amount: '5' }],
      undefined,
      'inclusive',
      'NZD',
    );
    expect(r).toEqual({ taxAmounts: ['3.76', '0.00'], adjustments: [] });
  });

  it('rounds JPY tax to whole yen', () => {
    const r = allocateLineTax([{ amount: '1005', taxCode: 'T10', rate: '10' }], undefined, 'exclusive', 'JPY');
    expect(r.taxAmounts).toEqual(['101']);
  });

  it('refuses a footer code without lines and a taxed line without a rate', () => {
    expect(() =>
      allocateLineTax(
        [{ amount: '1', taxCode: 'A', rate: '10' }],
        [{ taxCode: 'B', rate: '5', base: '1', amount: '0.05' }],
        'exclusive',
        'EUR',
      ),
    ).toThrow(MoneyRuleError);
    expect(() => allocateLineTax([{ amount: '1', taxCode: 'A' }], undefined, 'exclusive', 'EUR')).toThrow(/no rate/);
  });

  it('computes Inclusive totals as Xero does and compares them with the source to the cent', () => {
    const totals = xeroDocumentTotals(
      [
        { lineAmount: '115.00', taxAmount: '15.00' },
        { lineAmount: 28.82, taxAmount: 3.76 },
      ],
      'inclusive',
    );
    expect(totals).toEqual({ subTotal: '125.06', totalTax: '18.76', total: '143.82' });
    expect(compareTotals({ subTotal: '125.060', totalTax: '18.76', total: '143.82' }, totals)).toEqual([]);
    expect(compareTotals({ subTotal: '125.06', totalTax: '18.75', total: '143.81' }, totals)).toEqual([
      { field: 'totalTax', expected: '18.75', actual: '18.76' },
      { field: 'total', expected: '143.81', actual: '143.82' },
    ]);
  });
});
