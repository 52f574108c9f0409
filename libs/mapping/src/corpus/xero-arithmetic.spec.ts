import { baseExpressibility } from './base-expressibility';
import { X3Dec } from './x3-arithmetic';
import { recomputeXeroBase, recomputeXeroTotals } from './xero-arithmetic';

describe('Xero arithmetic (worked by hand)', () => {
  it('computes line tax per line unless TaxAmount is given, and totals from the lines', () => {
    const lines = [1, 2, 3].map(() => ({ quantity: 1, unitAmount: '0.10', taxRate: '5' }));
    // Exclusive: each line 0.10 × 5 % = 0.005 → 0.01, so 0.03 tax where X3's footer says 0.02
    expect(recomputeXeroTotals('Exclusive', lines)).toMatchObject({
      subTotal: '0.30',
      totalTax: '0.03',
      total: '0.33',
    });
    const sent = lines.map((l, i) => ({ ...l, taxAmount: i === 0 ? '0.00' : '0.01' }));
    expect(recomputeXeroTotals('Exclusive', sent)).toMatchObject({ subTotal: '0.30', totalTax: '0.02', total: '0.32' });
  });

  it('takes tax out of Inclusive line amounts, rounds UnitAmount to unitdp and applies DiscountRate', () => {
    // 455.77 incl. 15 %: tax 59.448… → 59.45, sub-total 396.32
    expect(recomputeXeroTotals('Inclusive', [{ quantity: 1, unitAmount: '455.77', taxRate: '15' }])).toMatchObject({
      subTotal: '396.32',
      totalTax: '59.45',
      total: '455.77',
    });
    // 24 × 19.99 less 5 % = 455.772 → 455.77; UnitAmount 18.9905 at unitdp 2 is 18.99 → 455.76
    const discounted = { quantity: 24, unitAmount: '19.99', discountRate: '5', lineAmount: '455.77' };
    expect(recomputeXeroTotals('NoTax', [discounted]).lineAmountMismatches).toEqual([]);
    expect(recomputeXeroTotals('NoTax', [{ quantity: 24, unitAmount: '18.9905' }]).subTotal).toBe('455.76');
    expect(recomputeXeroTotals('NoTax', [{ quantity: 24, unitAmount: '18.9905' }], 4).subTotal).toBe('455.77');
  });

  it('gives the base amount as the total over the 6-dp CurrencyRate', () => {
    // the example: USD 1,000.00 at 0.92 EUR per USD is CurrencyRate 1.086957 and EUR 920.00
    expect(recomputeXeroBase('1000.00', '1.086957')).toBe('920.00');
  });
});

describe('which ledger amounts a 6-dp rate can express', () => {
  it('finds a rate when the total is small enough', () => {
    expect(baseExpressibility('1000.00', '920.00', 2)).toEqual({ expressible: true, bestDifference: '0.00' });
  });

  it('finds none for USD 48,061.32 at 0.923967 EUR per USD, and names the least difference', () => {
    const ledger = new X3Dec('48061.32').mul('0.923967').toDecimalPlaces(2).toFixed(2);
    const result = baseExpressibility('48061.32', ledger, 2);
    expect(result.expressible).toBe(false);
    // neighbouring 6-dp rates move the base by ~4 cents, so the best is 1 or 2 cents off
    expect(['0.01', '0.02']).toContain(result.bestDifference);
    // and no 6-dp rate near 1 / 0.923967 gives the ledger amount exactly
    const around = new X3Dec(1).div('0.923967').toDecimalPlaces(6);
    for (let k = -20; k <= 20; k++)
      expect(recomputeXeroBase('48061.32', around.plus(new X3Dec(k).mul('0.000001')).toFixed(6))).not.toBe(ledger);
  });
});
