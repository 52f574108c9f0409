import { divideRounded, fromMinor, toMinor } from './x3-minor-units';

describe('money in minor units', () => {
  it('reads canonical text into minor units, refusing what the currency cannot hold', () => {
    expect([toMinor('12.3', 2), toMinor('-0.05', 2), toMinor('1200', 0), toMinor('1.500', 2), toMinor('7', 3)]).toEqual(
      [1230n, -5n, 1200n, 150n, 7000n],
    );
    expect(toMinor('1.005', 2)).toBeUndefined();
    expect(toMinor('1e3', 2)).toBeUndefined();
  });

  it('writes minor units with exactly the currency decimals', () => {
    expect([fromMinor(1230n, 2), fromMinor(-5n, 2), fromMinor(0n, 2), fromMinor(1200n, 0), fromMinor(7n, 3)]).toEqual([
      '12.30',
      '-0.05',
      '0.00',
      '1200',
      '0.007',
    ]);
  });

  it('divides rounding half away from zero, as X3 rounds amounts', () => {
    expect([divideRounded(5n, 2n), divideRounded(-5n, 2n), divideRounded(4n, 3n), divideRounded(-5n, -2n)]).toEqual([
      3n,
      -3n,
      1n,
      3n,
    ]);
    expect([divideRounded(7n, -2n), divideRounded(1n, 3n), divideRounded(2n, 3n)]).toEqual([-4n, 0n, 1n]);
  });
});
