import { cut, decimalOf, dimensionsOf, instant, keyWithin, ledgerDate, tracking, wire } from './fields';
import { XeroAdapterError } from './xero-adapter-error';

describe('Xero field conversions', () => {
  it("reads Xero's dates as ledger days, whatever form xero-node hands them in", () => {
    expect(ledgerDate(new Date('2024-05-31T00:00:00Z'))).toBe('2024-05-31');
    expect(ledgerDate('/Date(1717113600000+0000)/')).toBe('2024-05-31');
    expect(ledgerDate('2024-05-31T00:00:00')).toBe('2024-05-31');
    expect(ledgerDate(undefined)).toBeUndefined();
    expect(instant('2024-05-31T10:11:12')).toBe('2024-05-31T10:11:12.000Z');
    expect(instant('/Date(1717150272000+0000)/')).toBe('2024-05-31T10:11:12.000Z');
    expect(instant(new Date('2024-05-31T10:11:12Z'))).toBe('2024-05-31T10:11:12.000Z');
    expect(instant('not a date')).toBeUndefined();
  });

  it('refuses a key over its limit and cuts only display text', () => {
    expect(keyWithin('ABC', 3, 'code')).toBe('ABC');
    expect(() => keyWithin('ABCD', 3, 'code')).toThrow(XeroAdapterError);
    expect(() => keyWithin('', 3, 'code')).toThrow(/required/);
    expect(cut('abcdef', 3)).toBe('abc');
  });

  it('turns money into numbers only from rounded text, and back through their text', () => {
    expect(wire('0.1', 2)).toBe(0.1);
    expect(wire('1234.565', 2)).toBe(1234.57);
    expect(decimalOf(0.1 + 0.2)).toBe('0.30000000000000004'); // a float is shown as it is, never "fixed"
    expect(decimalOf(26.25, 2)).toBe('26.25');
    expect(decimalOf(undefined)).toBeUndefined();
  });

  it('maps every dimension to a tracking pair (the mapping translates them) and back', () => {
    expect(tracking({ Region: 'North', Dept: 'Sales' })).toEqual([
      { name: 'Region', option: 'North' },
      { name: 'Dept', option: 'Sales' },
    ]);
    expect(tracking({ a: '1', b: '2', c: '3' })).toHaveLength(3);
    expect(tracking(undefined)).toBeUndefined();
    expect(dimensionsOf([{ name: 'Region', option: 'North' }, { name: 'Empty' }])).toEqual({ Region: 'North' });
  });
});
