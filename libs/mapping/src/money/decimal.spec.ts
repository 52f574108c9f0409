import { formatMoney, isRoundedTo, minorUnits, roundMoney } from './currencies';
import { isDecimalString, normaliseDecimal, sameAmount, toDec, toDecimalString, toWireNumber } from './decimal';
import { MoneyRuleError } from './errors';

describe('decimal text', () => {
  it('accepts plain decimals only', () => {
    for (const ok of ['0', '-0.125', '1234.50', '007']) expect(isDecimalString(ok)).toBe(true);
    for (const bad of ['1e3', '1,234.50', '.5', '5.', '', ' 1', '+1', 'NaN']) expect(isDecimalString(bad)).toBe(false);
    expect(() => toDec('1e3', 'total')).toThrow(MoneyRuleError);
    expect(() => toDec(Number.NaN)).toThrow(/finite/);
  });

  it('normalises to the shortest text, never an exponent', () => {
    expect(normaliseDecimal('1234.50')).toBe('1234.5');
    expect(normaliseDecimal('-0.00')).toBe('0');
    expect(normaliseDecimal('007')).toBe('7');
    expect(normaliseDecimal(1e-7)).toBe('0.0000001');
    expect(toDecimalString(toDec('123456789012345678901234567890.5'))).toBe('123456789012345678901234567890.5');
    expect(toDecimalString(toDec('-0.001'), 2)).toBe('0.00');
  });

  it("reads xero-node's numbers through their text, so 0.1 + 0.2 is 0.3", () => {
    expect(toDec(0.1).plus(toDec(0.2)).toFixed()).toBe('0.3');
    expect(sameAmount('1.50', 1.5)).toBe(true);
    expect(toWireNumber('1234.565', 2)).toBe(1234.57);
    expect(toWireNumber(toDec('-0.005'), 2)).toBe(-0.01);
  });
});

describe('currencies', () => {
  it('knows the minor units: JPY 0, KWD and BHD 3, others 2', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('BHD')).toBe(3);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('NZD')).toBe(2);
    expect(() => minorUnits('eur')).toThrow(MoneyRuleError);
    expect(minorUnits('JPY', { JPY: 2 })).toBe(2);
    expect(formatMoney('1.5', 'JPY', { JPY: 2 })).toBe('1.50');
  });

  it('rounds half-up (away from zero) per currency', () => {
    expect(roundMoney('2.165', 'NZD').toFixed()).toBe('2.17');
    expect(roundMoney('2.164', 'NZD').toFixed()).toBe('2.16');
    expect(roundMoney('-2.165', 'NZD').toFixed()).toBe('-2.17');
    expect(roundMoney('1234.5', 'JPY').toFixed()).toBe('1235');
    expect(roundMoney('1.2345', 'KWD').toFixed()).toBe('1.235');
    expect(formatMoney('920', 'EUR')).toBe('920.00');
    expect(formatMoney('920.4', 'JPY')).toBe('920');
    expect(isRoundedTo('10.5', 'JPY')).toBe(false);
    expect(isRoundedTo('10.500', 'EUR')).toBe(true);
  });
});
