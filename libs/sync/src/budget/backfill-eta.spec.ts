import { achievedRecordsPerCall, backfillEta, recordsPerCall } from './backfill-eta';

describe('backfill ETA', () => {
  const now = new Date('2026-11-30T08:00:00Z');
  const day = 86_400_000;

  it('takes 9 Xero days for 250,000 records on a fresh 1,000-call day (5,000 calls at 600 a day)', () => {
    const eta = backfillEta({
      pending: 250_000,
      plan: { dayLimit: 1000 },
      remainingToday: 1000,
      recordsPerCall: 50,
      now,
    });
    expect(eta.calls).toBe(5000);
    expect(eta.callsToday).toBe(600);
    expect(eta.callsPerDay).toBe(600);
    expect(eta.dayEquivalents).toBeCloseTo(8.333, 3);
    // 600 today, 4,400 left: 7 full later days of 600 and 200 on the 8th
    expect(eta.laterDays).toBe(8);
    expect(eta.days).toBe(9);
    // the 8th later day's 200 calls take 4 minutes at 60 a minute
    expect(eta.finishesAt?.getTime()).toBe(now.getTime() + 8 * day + 4 * 60_000);
  });

  it('takes 2 days on a 5,000-call day (3,000 calls a day for backfill)', () => {
    const eta = backfillEta({
      pending: 250_000,
      plan: { dayLimit: 5000 },
      remainingToday: 5000,
      recordsPerCall: 50,
      now,
    });
    expect([eta.calls, eta.callsToday, eta.laterDays, eta.days]).toEqual([5000, 3000, 1, 2]);
  });

  it('counts lookups: one lookup a batch halves the records a call, doubling the days', () => {
    expect(recordsPerCall(0)).toBe(50);
    expect(recordsPerCall(1)).toBe(25);
    const eta = backfillEta({
      pending: 250_000,
      plan: { dayLimit: 1000 },
      remainingToday: 1000,
      recordsPerCall: recordsPerCall(1),
      now,
    });
    expect(eta.calls).toBe(10_000);
    expect(eta.days).toBe(17); // 600 + 16 × 600 ≥ 10,000 > 600 + 15 × 600
  });

  it('finishes within today at the minute limit when today leaves enough', () => {
    const eta = backfillEta({ pending: 1000, plan: { dayLimit: 1000 }, remainingToday: 700, recordsPerCall: 50, now });
    expect([eta.calls, eta.callsToday, eta.laterDays, eta.days]).toEqual([20, 300, 0, 1]);
    expect(eta.finishesAt?.getTime()).toBe(now.getTime() + 60_000);
  });

  it('waits for tomorrow when today is already down to the higher purposes’ reserve', () => {
    const eta = backfillEta({ pending: 100, plan: { dayLimit: 1000 }, remainingToday: 350, recordsPerCall: 50, now });
    expect([eta.callsToday, eta.laterDays]).toEqual([0, 1]);
    expect(eta.finishesAt?.getTime()).toBe(now.getTime() + day + 60_000);
  });

  it('runs on the scaled clock', () => {
    const eta = backfillEta({
      pending: 250_000,
      plan: { dayLimit: 1000 },
      remainingToday: 1000,
      recordsPerCall: 50,
      now,
      dayMs: day / 1440, // a Xero day is a real minute
    });
    // 8 Xero days = 8 real minutes; 4 Xero minutes = 4 × 41.7 ms
    expect(eta.finishesAt!.getTime() - now.getTime()).toBe(8 * 60_000 + 166);
  });

  it('uses what the drain achieved once it has spent calls', () => {
    expect(achievedRecordsPerCall(0, 0)).toBe(50);
    expect(achievedRecordsPerCall(4760, 100)).toBeCloseTo(47.6);
  });

  it('never finishes when the plan leaves the backfill nothing', () => {
    const eta = backfillEta({ pending: 10, plan: { dayLimit: 0 }, remainingToday: 0, recordsPerCall: 50, now });
    expect(eta.finishesAt).toBeNull();
  });
});
