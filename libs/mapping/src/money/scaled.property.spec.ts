import fc from 'fast-check';
import { Dec, toDecimalString, toWireNumber } from './decimal';
import { chooseRateInUnits, chooseXeroCurrencyRateWithDecimals } from './exchange';
import { formatUnits, parseScaled, shortestUnits, unitsAt } from './scaled';
import { xeroDocumentTotals, xeroDocumentTotalsWithDecimals } from './tax';
import { expressLineForXero, expressLineNumbersForXero, expressLineWithDecimals } from './xero-lines';

/** The decimal.js answer as xero-node's numbers (Number of each decimal text). */
function numbersOf(line: { lineAmount: string }, allowDiscount: boolean) {
  const e = expressLineWithDecimals(line as never, { allowDiscount });
  return {
    quantity: Number(e.quantity),
    unitAmount: Number(e.unitAmount),
    lineAmount: Number(new Dec(line.lineAmount).toFixed(2)),
    quantityFolded: e.quantityFolded,
    ...(e.discountRate === undefined ? {} : { discountRate: Number(e.discountRate) }),
  };
}

// The integer-unit forms of the hot money paths must answer exactly what the decimal.js forms do:
// the decimal.js forms stay in the code as the reference and the fallback. PROPERTY_RUNS=30000
// runs the two larger properties deeper (checked so when the integer forms were written).

/** Plain decimal text with up to `places` places, negative when `signed`. */
const decimalText = (maxUnits: bigint, places: number, signed = false) =>
  fc
    .tuple(fc.bigInt({ min: signed ? -maxUnits : 0n, max: maxUnits }), fc.integer({ min: 0, max: places }))
    .map(([units, scale]) => formatUnits(units, scale));

describe('integer-unit money (property: equals decimal.js)', () => {
  it('parses, rounds half away from zero and prints as decimal.js does', () => {
    fc.assert(
      fc.property(decimalText(10n ** 20n, 8, true), fc.integer({ min: 0, max: 6 }), (text, dp) => {
        const s = parseScaled(text)!;
        const d = new Dec(text);
        expect(formatUnits(unitsAt(s, dp), dp)).toBe(toDecimalString(d.toDecimalPlaces(dp, Dec.ROUND_HALF_UP), dp));
        expect(shortestUnits(s.units, s.scale)).toBe(toDecimalString(d));
        expect(toWireNumber(text, dp)).toBe(Number(d.toDecimalPlaces(dp, Dec.ROUND_HALF_UP).toFixed(dp)));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses text that is not plain decimal', () => {
    for (const bad of ['', '-', '.5', '5.', '1e5', '1.2.3', ' 1', '+1', '1,5', '--1']) {
      expect(parseScaled(bad)).toBeUndefined();
    }
  });

  it('expresses a line for Xero as the decimal.js form does', () => {
    const line = fc.record({
      quantity: decimalText(10n ** 9n, 5, true),
      unitPrice: decimalText(10n ** 9n, 6),
      grossPrice: decimalText(10n ** 9n, 6),
      discountPercent: decimalText(10_000n, 3),
      lineAmount: decimalText(10n ** 11n, 2, true),
    });
    fc.assert(
      fc.property(line, fc.boolean(), (l, allowDiscount) => {
        expect(expressLineForXero(l, { allowDiscount })).toEqual(expressLineWithDecimals(l, { allowDiscount }));
        // a consistent line: the amount is Xero's own arithmetic on the quantity and price
        const q = new Dec(l.quantity).toDecimalPlaces(3);
        const amount = q.times(l.unitPrice).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);
        const real = { ...l, quantity: q.toFixed(), lineAmount: amount };
        expect(expressLineForXero(real, { allowDiscount })).toEqual(expressLineWithDecimals(real, { allowDiscount }));
        // a discounted sales line: quantity × gross price less the discount
        const d = new Dec(l.discountPercent).toDecimalPlaces(2);
        const discounted = q.times(l.grossPrice).times(new Dec(100).minus(d)).div(100);
        const sale = { ...real, discountPercent: d.toFixed(), lineAmount: discounted.toDecimalPlaces(2).toFixed(2) };
        expect(expressLineForXero(sale, { allowDiscount })).toEqual(expressLineWithDecimals(sale, { allowDiscount }));
        for (const each of [l, real, sale]) {
          expect(expressLineNumbersForXero(each, { allowDiscount })).toEqual(numbersOf(each, allowDiscount));
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  });

  it("computes Xero's totals as the decimal.js form does", () => {
    const lines = fc.array(
      fc.record({ lineAmount: decimalText(10n ** 12n, 3, true), taxAmount: decimalText(10n ** 10n, 3, true) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(lines, fc.constantFrom('exclusive' as const, 'inclusive' as const), (ls, basis) => {
        expect(xeroDocumentTotals(ls, basis)).toEqual(xeroDocumentTotalsWithDecimals(ls, basis));
        const asNumbers = ls.map((l) => ({ lineAmount: Number(l.lineAmount), taxAmount: Number(l.taxAmount) }));
        expect(xeroDocumentTotals(asNumbers, basis)).toEqual(xeroDocumentTotalsWithDecimals(asNumbers, basis));
      }),
      { numRuns: 500 },
    );
  });

  it('chooses the same 6-place CurrencyRate as the decimal.js form', () => {
    const rate = fc
      .tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 0, max: 9 }))
      .map(([units, scale]) => shortestUnits(BigInt(units), scale))
      .filter((r) => !new Dec(r).equals(1));
    fc.assert(
      fc.property(
        decimalText(10n ** 13n, 2, true),
        rate,
        fc.option(decimalText(10n ** 13n, 3, true), { nil: undefined }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        (total, x3Rate, baseTotal, base) => {
          const input = {
            currency: 'USD',
            baseCurrency: base,
            total,
            baseTotal,
            exchangeRate: { baseCurrency: base, rate: x3Rate },
          };
          const fast = chooseRateInUnits(input, x3Rate);
          let reference;
          try {
            reference = chooseXeroCurrencyRateWithDecimals(input, new Dec(x3Rate));
          } catch {
            reference = undefined; // a rate so large its inverse is 0 at 6 places: the integer form declines too
          }
          expect(fast).toEqual(reference);
          // only a rate whose inverse is 0 at 6 places is left to decimal.js
          if (new Dec(x3Rate).lt(1_000_000)) expect(fast).toBeDefined();
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  });
});
