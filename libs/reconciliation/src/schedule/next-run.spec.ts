import { asOfFor, nextRunAt } from './next-run';

const at = (iso: string) => new Date(iso);

describe('scheduled reconciliation: the next run and its as-of day', () => {
  it('runs daily at the hour: later today when the hour is still ahead, else tomorrow', () => {
    expect(nextRunAt('daily', 6, at('2026-12-02T05:59:59Z')).toISOString()).toBe('2026-12-02T06:00:00.000Z');
    expect(nextRunAt('daily', 6, at('2026-12-02T06:00:00Z')).toISOString()).toBe('2026-12-03T06:00:00.000Z');
    expect(nextRunAt('daily', 0, at('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('runs weekly on Mondays and monthly on the 1st', () => {
    // 2 Dec 2026 is a Wednesday
    expect(nextRunAt('weekly', 2, at('2026-12-02T10:00:00Z')).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(nextRunAt('weekly', 2, at('2026-12-07T01:00:00Z')).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(nextRunAt('monthly', 3, at('2026-12-02T10:00:00Z')).toISOString()).toBe('2027-01-01T03:00:00.000Z');
    expect(nextRunAt('monthly', 3, at('2027-01-31T23:59:00Z')).toISOString()).toBe('2027-02-01T03:00:00.000Z');
    expect(nextRunAt('monthly', 3, at('2028-02-01T03:00:00Z')).toISOString()).toBe('2028-03-01T03:00:00.000Z');
  });

  it('reconciles as of the closed day before the latest run instant: the month end for a monthly run, even late', () => {
    expect(asOfFor('monthly', 3, at('2027-01-01T03:00:00Z'))).toBe('2026-12-31');
    expect(asOfFor('monthly', 3, at('2027-01-08T11:00:00Z'))).toBe('2026-12-31');
    expect(asOfFor('monthly', 0, at('2028-03-01T00:00:00Z'))).toBe('2028-02-29');
    expect(asOfFor('weekly', 2, at('2026-12-07T02:00:00Z'))).toBe('2026-12-06');
    expect(asOfFor('daily', 6, at('2026-12-11T09:00:00Z'))).toBe('2026-12-10');
    expect(asOfFor('daily', 6, at('2026-12-11T05:00:00Z'))).toBe('2026-12-09');
  });

  it('refuses an hour outside 0–23', () => {
    expect(() => nextRunAt('daily', 24, at('2026-12-02T00:00:00Z'))).toThrow(RangeError);
    expect(() => nextRunAt('daily', -1, at('2026-12-02T00:00:00Z'))).toThrow(RangeError);
    expect(() => nextRunAt('daily', 1.5, at('2026-12-02T00:00:00Z'))).toThrow(RangeError);
  });
});
