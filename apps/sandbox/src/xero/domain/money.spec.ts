import { D, dec, round, wire } from './money';

describe('money', () => {
  it('rounds half up at two places without float error', () => {
    expect(round(new D('1.005')).toFixed(2)).toBe('1.01');
    expect(wire(new D('0.1').plus('0.2'))).toBe(0.3);
    expect(wire(dec(19.99, 'x').times(3).times(15).div(100))).toBe(9);
  });

  it('reads numbers and numeric strings, and refuses the rest', () => {
    expect(dec('12.345', 'x').toString()).toBe('12.345');
    expect(dec(undefined, 'x').toString()).toBe('0');
    expect(() => dec('abc', 'Amount')).toThrow('Amount must be a number');
  });
});
