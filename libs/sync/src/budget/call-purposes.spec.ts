import { LANES } from '../pending/lanes';
import {
  CALL_PURPOSES,
  PURPOSE_SHARES_PER_MILLE,
  callsLeftFor,
  dayCallsFor,
  dayReserveFor,
  purposeOfLane,
} from './call-purposes';

describe('the day plan: shares and reserves per purpose', () => {
  const starter = { dayLimit: 1000 };
  const standard = { dayLimit: 5000 };

  it('shares add up to the whole day', () => {
    expect(CALL_PURPOSES.reduce((s, p) => s + PURPOSE_SHARES_PER_MILLE[p], 0)).toBe(1000);
  });

  it('makes each purpose leave the shares of the purposes above it', () => {
    const reserves = Object.fromEntries(CALL_PURPOSES.map((p) => [p, dayReserveFor(p, starter)]));
    expect(reserves).toEqual({
      interactive: 0,
      webhook: 100,
      polling: 200,
      comparison: 300,
      reconciliation: 300,
      backfill: 400,
    });
    expect(dayReserveFor('backfill', standard)).toBe(2000);
    expect(dayReserveFor('polling', standard)).toBe(1000);
  });

  it('lets a backfill take 600 calls of a Starter day (30,000 records) and 3,000 of a 5,000 day', () => {
    expect(dayCallsFor('backfill', starter)).toBe(600);
    expect(dayCallsFor('backfill', starter) * 50).toBe(30_000);
    expect(dayCallsFor('backfill', standard)).toBe(3000);
    expect(dayCallsFor('polling', starter)).toBe(800);
    expect(dayCallsFor('interactive', starter)).toBe(1000);
  });

  it('tells what each purpose may still spend of what is left', () => {
    expect(callsLeftFor('backfill', starter, 1000)).toBe(600);
    expect(callsLeftFor('backfill', starter, 401)).toBe(1);
    expect(callsLeftFor('backfill', starter, 400)).toBe(0);
    expect(callsLeftFor('webhook', starter, 400)).toBe(300);
    expect(callsLeftFor('interactive', starter, 7)).toBe(7);
    // the limiter may count against a bigger app limit than this organisation's tier
    expect(callsLeftFor('interactive', starter, 4900)).toBe(1000);
  });

  it('rounds reserves down to whole calls on odd limits', () => {
    expect(dayReserveFor('backfill', { dayLimit: 3 })).toBe(1);
    expect(dayReserveFor('webhook', { dayLimit: 9 })).toBe(0);
  });

  it('spends a drain lane as its purpose', () => {
    expect(purposeOfLane(LANES.interactive)).toBe('interactive');
    expect(purposeOfLane(LANES.webhook)).toBe('webhook');
    expect(purposeOfLane(LANES.polling)).toBe('polling');
    expect(purposeOfLane(LANES.backfill)).toBe('backfill');
    expect(purposeOfLane(9)).toBe('backfill');
  });
});
