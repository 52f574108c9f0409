import { MoneyRuleError } from './errors';
import { expressLineForXero, xeroLineAmount } from './xero-lines';

describe("a line in Xero's arithmetic", () => {
  it('computes round2(quantity × unit − discount)', () => {
    expect(xeroLineAmount('3', '10', '12.5').toFixed()).toBe('26.25');
    expect(xeroLineAmount('1.333', '7.5').toFixed()).toBe('10');
  });

  it('keeps the discount on sales lines when it reproduces the amount', () => {
    const line = { quantity: '3', grossPrice: '10', discountPercent: '12.5', unitPrice: '8.75', lineAmount: '26.25' };
    expect(expressLineForXero(line, { allowDiscount: true })).toEqual({
      quantity: '3',
      unitAmount: '10',
      discountRate: '12.5',
      quantityFolded: false,
    });
    expect(expressLineForXero(line, { allowDiscount: false })).toEqual({
      quantity: '3',
      unitAmount: '8.75',
      quantityFolded: false,
    });
  });

  it('moves the unit amount within 4 places when the net price does not give the amount', () => {
    // X3: 30 × 0.12345 = 3.7035 → 3.70; the 4-place 0.1235 would give 3.705 → 3.71
    const e = expressLineForXero(
      { quantity: '30', unitPrice: '0.12345', lineAmount: '3.70' },
      { allowDiscount: false },
    );
    expect(e).toEqual({ quantity: '30', unitAmount: '0.1233', quantityFolded: false });
    expect(xeroLineAmount(e.quantity, e.unitAmount).toFixed(2)).toBe('3.70');
  });

  it("folds to one unit at the line amount when no 4-place price fits (Xero's own advice)", () => {
    // 1000 × 0.061171 = 61.17, but 0.0611 and 0.0612 give 61.10 and 61.20
    const e = expressLineForXero(
      { quantity: '1000', unitPrice: '0.061171', lineAmount: '61.17' },
      { allowDiscount: false },
    );
    expect(e).toEqual({ quantity: '1', unitAmount: '61.17', quantityFolded: true });
  });

  it('refuses an amount with more places than Xero keeps (KWD fils)', () => {
    expect(() =>
      expressLineForXero({ quantity: '1', unitPrice: '1.235', lineAmount: '1.235' }, { allowDiscount: false }),
    ).toThrow(MoneyRuleError);
  });
});
