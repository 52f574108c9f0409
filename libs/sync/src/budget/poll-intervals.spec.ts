import {
  IDLE_CALLS_PER_DAY,
  XeroPoller,
  idleIntervalMs,
  idleSchedule,
  pollIntervalFor,
  rampRuns,
} from './poll-intervals';

const MIN = 60_000;
const DAY = 86_400_000;

// A typical integration: four Xero-side If-Modified-Since polls (what webhooks do not push) every
// 5 minutes while changes flow, and nine comparisons reading 1-3 pages every hour.
const polls: XeroPoller[] = ['contacts', 'invoices', 'payments', 'creditNotes'].map((key) => ({
  key,
  kind: 'poll',
  callsPerRun: 1,
  activeIntervalMs: 5 * MIN,
}));
const comparisons: XeroPoller[] = [
  ['contacts', 3],
  ['items', 1],
  ['invoices', 3],
  ['creditNotes', 1],
  ['bills', 2],
  ['payments', 2],
  ['journals', 1],
  ['accounts', 1],
  ['taxRates', 1],
].map(([key, pages]) => ({
  key: `compare:${key}`,
  kind: 'comparison',
  callsPerRun: Number(pages),
  activeIntervalMs: 60 * MIN,
}));
const pollers = [...polls, ...comparisons];

/** Run times of a poller over `spanMs` after a run at 0 that found a change, nothing changing after. */
function runTimes(p: XeroPoller, all: XeroPoller[], spanMs: number, dayMs = DAY): number[] {
  const times = [0];
  for (let quiet = 0; ; quiet++) {
    const next = times[times.length - 1] + pollIntervalFor(p, quiet, all, { dayMs });
    if (next > spanMs) return times;
    times.push(next);
  }
}

/** The most calls the pollers make in any day-long window starting at or after the change. */
function worstDayCalls(all: XeroPoller[], dayMs = DAY): number {
  const runs = all.flatMap((p) => runTimes(p, all, 3 * dayMs, dayMs).map((t) => ({ t, calls: p.callsPerRun })));
  return Math.max(
    ...runs.map(({ t: start }) =>
      runs.filter(({ t }) => t >= start && t < start + dayMs).reduce((s, r) => s + r.calls, 0),
    ),
  );
}

describe('Xero-side poll and comparison intervals', () => {
  it('runs at the flow interval while changes flow and doubles per quiet run up to the idle interval', () => {
    const idle = idleIntervalMs('poll', pollers);
    expect(pollIntervalFor(polls[0], 0, pollers)).toBe(5 * MIN);
    expect(pollIntervalFor(polls[0], 1, pollers)).toBe(10 * MIN);
    expect(pollIntervalFor(polls[0], 3, pollers)).toBe(40 * MIN);
    expect(pollIntervalFor(polls[0], 50, pollers)).toBe(idle);
    // a run that finds a change shrinks it back
    expect(pollIntervalFor(polls[0], 0, pollers)).toBe(5 * MIN);
  });

  it('sizes idle intervals from 150 calls for polls and 50 for comparisons', () => {
    // polls: 4 calls a round; 4 × (1 found + 4 ramp runs (5, 10, 20, 40 min) + 32 whole idle
    // intervals in a day) = 148 ≤ 150: every day / 33 = 43.6 min (a day holds 32 of them, just)
    expect(rampRuns(5 * MIN, 44 * MIN)).toBe(4);
    expect(idleIntervalMs('poll', pollers)).toBe(Math.ceil(DAY / 33));
    expect(idleSchedule('poll', pollers).rampSteps).toBe(4);
    // comparisons: 15 calls a round; (n + 1 + ramp) × 15 ≤ 50 → n = 1 and one step: a comparison
    // that found something runs again within the hour, a quiet one daily
    expect(idleSchedule('comparison', pollers)).toEqual({ idleMs: DAY, rampSteps: 1 });
    expect(pollIntervalFor(comparisons[0], 0, pollers)).toBe(60 * MIN);
    expect(pollIntervalFor(comparisons[0], 1, pollers)).toBe(DAY);
  });

  it(`keeps an idle integration within ${IDLE_CALLS_PER_DAY} calls in any day after the last change`, () => {
    const worst = worstDayCalls(pollers);
    expect(worst).toBeLessThanOrEqual(IDLE_CALLS_PER_DAY);
    expect(worst).toBeGreaterThan(IDLE_CALLS_PER_DAY * 0.6); // the budget is used, not wasted
  });

  it('holds the budget for polls alone, for many entities, and on the scaled clock', () => {
    expect(worstDayCalls(polls)).toBeLessThanOrEqual(200);
    const many: XeroPoller[] = Array.from({ length: 20 }, (_, i) => ({
      key: `e${i}`,
      kind: 'poll',
      callsPerRun: 1,
      activeIntervalMs: MIN,
    }));
    expect(worstDayCalls(many)).toBeLessThanOrEqual(200);
    const scaledDay = DAY / 1440; // a Xero day per real minute
    const scaled = polls.map((p) => ({ ...p, activeIntervalMs: (5 * MIN) / 1440 }));
    expect(worstDayCalls(scaled, scaledDay)).toBeLessThanOrEqual(200);
  });

  it('spreads a comparison too big for one day’s share over several days', () => {
    const huge: XeroPoller[] = [
      { key: 'compare:invoices', kind: 'comparison', callsPerRun: 300, activeIntervalMs: 60 * MIN },
    ];
    const interval = idleIntervalMs('comparison', huge);
    expect(interval).toBe(1.5 * DAY);
    expect((300 * DAY) / interval).toBeLessThanOrEqual(200);
  });

  it('never runs more often than the flow asks', () => {
    const slow: XeroPoller = { key: 'slow', kind: 'poll', callsPerRun: 1, activeIntervalMs: 2 * DAY };
    expect(pollIntervalFor(slow, 0, [slow])).toBe(2 * DAY);
    expect(pollIntervalFor(slow, 9, [slow])).toBe(2 * DAY);
  });
});
