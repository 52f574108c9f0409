import { isIsoDate, isIsoDatetime } from './iso-values';

describe('strict ISO dates', () => {
  it.each(['2026-02-28', '2024-02-29', '0001-01-01'])('accepts the date %s', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', 'March 7, 2026', '0000-01-01'])(
    'refuses the date %s',
    (text) => {
      expect(isIsoDate(text)).toBe(false);
    },
  );

  it.each([
    '2026-01-01',
    '2026-01-01T10:20:30Z',
    '2026-01-01T10:20:30.123Z',
    '2026-01-01 10:20',
    '2026-01-01T23:59:59+05:30',
  ])('accepts the datetime %s', (text) => {
    expect(isIsoDatetime(text)).toBe(true);
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    'yesterday',
    '2026-01-01T10:20:30+16:00',
  ])('refuses the datetime %s', (text) => {
    expect(isIsoDatetime(text)).toBe(false);
  });
});
