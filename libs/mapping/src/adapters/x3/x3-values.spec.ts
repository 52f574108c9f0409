import { compact, dec, moneyOf, refKey } from './x3-values';

describe('X3 value normalisation', () => {
  it('gives every decimal one plain text, without decimal.js for plain input', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['1249.5000', '1249.5'],
      ['0012.50', '12.5'],
      ['-0.00', '0'],
      ['-0', '0'],
      ['0.125', '0.125'],
      ['-7.10', '-7.1'],
      ['100', '100'],
      ['1e-7', '0.0000001'],
      ['2.5E+3', '2500'],
      ['.5', '0.5'],
      [12.5, '12.5'],
      [0.1, '0.1'],
      ['', undefined],
      [null, undefined],
    ];
    for (const [input, wanted] of cases) expect({ input, out: dec(input) }).toEqual({ input, out: wanted });
    expect(() => dec('12,50')).toThrow();
  });

  it('writes money to at least the currency decimals, never dropping digits', () => {
    expect(moneyOf('82.5', 2)).toBe('82.50');
    expect(moneyOf('0', 2)).toBe('0.00');
    expect(moneyOf('-0.00', 0)).toBe('0');
    expect(moneyOf('1200', 0)).toBe('1200');
    expect(moneyOf('1.2345', 2)).toBe('1.2345');
    expect(moneyOf('12.3', 3)).toBe('12.300');
  });

  it('reads references flattened, nested by _id or by code', () => {
    expect([
      refKey('EUR'),
      refKey({ _id: 'EUR' }),
      refKey({ code: 'EUR', name: 'Euro' }),
      refKey(''),
      refKey(null),
    ]).toEqual(['EUR', 'EUR', 'EUR', undefined, undefined]);
  });

  it('drops undefined properties without changing the input', () => {
    const input = { a: 1, b: undefined, c: '' };
    expect(compact(input)).toEqual({ a: 1, c: '' });
    expect(Object.keys(compact(input))).toEqual(['a', 'c']);
    expect('b' in input).toBe(true);
  });
});
