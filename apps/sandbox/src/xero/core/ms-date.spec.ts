import { msDate, parseDateInput, parseHttpDate } from './ms-date';

describe('Xero dates', () => {
  it('writes /Date(ms+0000)/ and reads it back with date-only and ISO inputs', () => {
    expect(msDate(1573755038314)).toBe('/Date(1573755038314+0000)/');
    expect(parseDateInput('/Date(1573755038314+0000)/')).toBe(1573755038314);
    expect(parseDateInput('/Date(1573755038314)/')).toBe(1573755038314);
    expect(parseDateInput('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseDateInput('2026-03-01T10:00:00')).toBe(Date.UTC(2026, 2, 1));
    expect(parseDateInput('first of march')).toBeNaN();
    expect(parseDateInput(undefined)).toBeUndefined();
  });

  it('reads If-Modified-Since in ISO and RFC 1123 forms as UTC', () => {
    expect(parseHttpDate('2026-03-01T10:00:00')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseHttpDate('Sun, 01 Mar 2026 10:00:00 GMT')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseHttpDate('nonsense')).toBeUndefined();
  });
});
