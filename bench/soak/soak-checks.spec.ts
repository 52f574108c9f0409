import { agreement, mergeAgreements } from './agreement';
import { memoryTrend, slope } from './memory-trend';
import { soakConfig } from './soak-config';
import { LoggedCall, orgLimitFigures, peakInWindow, peakOverlap } from './xero-limits';

const call = (startMs: number, endMs: number | null, extra: Partial<LoggedCall> = {}): LoggedCall => ({
  clientId: 'ours',
  startMs,
  endMs,
  status: 200,
  ...extra,
});

describe('soak: Xero limits from the sandbox call log', () => {
  it('counts the rolling minute as the limiter does: a call exactly 60 s later is in a new window', () => {
    expect(peakInWindow([0, 1, 2, 60_000], 60_000)).toBe(3);
    expect(peakInWindow([0, 1, 2, 59_999], 60_000)).toBe(4);
    expect(peakInWindow([], 60_000)).toBe(0);
  });

  it('counts calls in flight, an end and a start at one instant as a freed slot', () => {
    expect(peakOverlap([call(0, 10), call(10, 20), call(5, 15)])).toBe(2);
    expect(peakOverlap([call(0, null), call(1, null), call(2, 3)])).toBe(3);
  });

  it('is within for 60 calls a minute, 5 in flight, and no 429', () => {
    const calls = Array.from({ length: 60 }, (_, i) => call(i * 1000, i * 1000 + 500));
    const f = orgLimitFigures(calls, 'ours', 0);
    expect(f).toMatchObject({ admitted: 60, peakPerMinute: 60, peakConcurrent: 1, within: true, breaches: [] });
  });

  it('fails on a 61st call in a minute, a sixth in flight, the day limit, any 429, or a dropped log', () => {
    const minute = Array.from({ length: 61 }, (_, i) => call(i * 100, i * 100 + 50));
    expect(orgLimitFigures(minute, 'ours', 0).breaches).toEqual(['61 calls in a minute (limit 60)']);
    const six = Array.from({ length: 6 }, (_, i) => call(i, 1000));
    expect(orgLimitFigures(six, 'ours', 0).breaches).toEqual(['6 calls in flight (limit 5)']);
    const day = Array.from({ length: 4 }, (_, i) => call(i * 120_000, i * 120_000 + 1));
    expect(
      orgLimitFigures(day, 'ours', 0, { perMinute: 60, concurrent: 5, perDay: 3, refusalsAllowed: 0 }).breaches,
    ).toEqual(['4 calls in a day (limit 3)']);
    const refused = [call(0, 1), call(2, 2, { status: 429, problem: 'minute' })];
    const r = orgLimitFigures(refused, 'ours', 0);
    expect(r).toMatchObject({ admitted: 1, refused: { minute: 1 }, within: false });
    expect(orgLimitFigures([call(0, 1)], 'ours', 7).breaches).toEqual([
      'the sandbox dropped 7 calls from its log before they were read',
    ]);
  });

  it("leaves other apps' calls out (the limits are per app)", () => {
    const calls = Array.from({ length: 70 }, (_, i) => call(i, i + 1, { clientId: i % 2 ? 'reader' : 'ours' }));
    expect(orgLimitFigures(calls, 'ours', 0)).toMatchObject({ admitted: 35, within: true });
  });
});

describe('soak: memory trend', () => {
  it('fits a least-squares slope', () => {
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBeCloseTo(2);
    expect(slope([{ x: 1, y: 1 }])).toBe(0);
  });

  it('reports MB/hour over the steady part only and fails above the threshold', () => {
    const minute = 60_000;
    // warm-up climbs 100 MB, then flat with noise
    const flat = Array.from({ length: 30 }, (_, i) => ({
      tMs: i * minute,
      rssMb: i < 10 ? 100 + i * 10 : 200 + (i % 2 ? 1 : -1),
    }));
    const ok = memoryTrend(flat, { steadyFromMs: 10 * minute, steadyToMs: 30 * minute, maxMbPerHour: 20 });
    expect(ok.met).toBe(true);
    expect(Math.abs(ok.slopeMbPerHour!)).toBeLessThan(5);
    const leak = flat.map((s) => ({ ...s, rssMb: s.rssMb + s.tMs / minute })); // +60 MB/h
    const bad = memoryTrend(leak, { steadyFromMs: 10 * minute, steadyToMs: 30 * minute, maxMbPerHour: 20 });
    expect(bad.met).toBe(false);
    expect(Math.abs(bad.slopeMbPerHour! - 60)).toBeLessThan(5);
  });

  it('does not pass with too few steady samples', () => {
    const t = memoryTrend([{ tMs: 0, rssMb: 1 }], { steadyFromMs: 0, steadyToMs: 1, maxMbPerHour: 20 });
    expect(t).toMatchObject({ met: false, slopeMbPerHour: null });
  });
});

describe('soak: agreement of the two stores', () => {
  it('agrees when every source record is there once with an equal amount (decimal, not float)', () => {
    const a = agreement(
      [
        { key: 'A', amount: '10.10' },
        { key: 'B', amount: '0.3' },
      ],
      [
        { key: 'A', amount: '10.1' },
        { key: 'B', amount: '0.30000' },
        { key: 'OTHER', amount: '1' },
      ],
    );
    expect(a).toMatchObject({ expected: 2, matched: 2, agree: true });
  });

  it('names the lost, the duplicated and the differing amounts', () => {
    const a = agreement(
      [{ key: 'A', amount: '1' }, { key: 'B', amount: '2' }, { key: 'C', amount: '3' }, { key: 'D' }],
      [
        { key: 'B', amount: '2' },
        { key: 'B', amount: '2' },
        { key: 'C', amount: '3.01' },
        { key: 'D', amount: 'x' },
      ],
    );
    expect(a.lost).toEqual(['A']);
    expect(a.duplicated).toEqual([{ key: 'B', copies: 2 }]);
    expect(a.amountMismatches).toEqual([{ key: 'C', source: '3', target: '3.01' }]);
    expect(a.agree).toBe(false);
    expect(agreement([{ key: 'A', amount: '1' }], [{ key: 'A', amount: 'NaN?' }]).agree).toBe(false);
  });

  it('merges several', () => {
    const m = mergeAgreements([agreement([{ key: 'A' }], [{ key: 'A' }]), agreement([{ key: 'B' }], [])]);
    expect(m).toMatchObject({ expected: 2, matched: 1, lost: ['B'], agree: false });
  });
});

describe('soak: settings', () => {
  it('has the issue defaults: 30 minutes, 100 tenants, 2 apis, 3 workers', () => {
    expect(soakConfig({})).toMatchObject({ minutes: 30, tenants: 100, apis: 2, workers: 3 });
  });

  it('takes a shorter run and refuses nonsense, naming the variable', () => {
    expect(soakConfig({ SOAK_MINUTES: '5', SOAK_TENANTS: '10' })).toMatchObject({
      minutes: 5,
      tenants: 10,
      heavyTenants: 2,
    });
    expect(soakConfig({ SOAK_TENANTS: '1' }).heavyTenants).toBe(1);
    expect(() => soakConfig({ SOAK_MINUTES: 'soon' })).toThrow(/SOAK_MINUTES=soon/);
    expect(() => soakConfig({ SOAK_TENANTS: '2.5' })).toThrow(/SOAK_TENANTS/);
    expect(() => soakConfig({ SOAK_TENANTS: '3', SOAK_HEAVY_TENANTS: '4' })).toThrow(/SOAK_HEAVY_TENANTS/);
    expect(() => soakConfig({ SOAK_WARMUP_FRACTION: '1' })).toThrow(/SOAK_WARMUP_FRACTION/);
  });
});
