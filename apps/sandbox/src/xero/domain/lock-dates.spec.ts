import { ElementValidationError } from '../core/xero-errors';
import { assertUnlocked, lockDateText, lockViolations } from './lock-dates';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const msDate = (iso: string) => `/Date(${day(iso)}+0000)/`;

describe('lock dates', () => {
  const org = { PeriodLockDate: msDate('2025-06-30'), EndOfYearLockDate: msDate('2025-03-31') };

  it("writes dates as Xero's messages do", () => {
    expect(lockDateText(day('2013-07-31'))).toBe('31-Jul-2013');
    expect(lockDateText(day('2025-01-05'))).toBe('05-Jan-2025');
  });

  it('refuses on or before each lock, naming every lock that covers the date', () => {
    expect(lockViolations(org, day('2025-07-01'))).toEqual([]);
    expect(lockViolations(org, day('2025-06-30'))).toEqual([
      'The document date cannot be before the period lock date, currently set at 30-Jun-2025',
    ]);
    expect(lockViolations(org, day('2025-03-31'))).toEqual([
      'The document date cannot be before the period lock date, currently set at 30-Jun-2025',
      'The document date cannot be before the end of year lock date, currently set at 31-Mar-2025',
    ]);
    expect(lockViolations({ EndOfYearLockDate: msDate('2025-03-31') }, day('2025-01-01'))).toEqual([
      'The document date cannot be before the end of year lock date, currently set at 31-Mar-2025',
    ]);
    expect(lockViolations({}, day('2000-01-01'))).toEqual([]);
    expect(() => assertUnlocked(org, day('2025-05-01'))).toThrow(ElementValidationError);
  });
});
