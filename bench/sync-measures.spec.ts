import { ceilingRatioMetric, steadyRate, tally } from './sync-measures';

const MIN = 60_000;

describe('bench measures', () => {
  it('leaves the burst minute and the partial last minute out of the steady state', () => {
    const start = 1_000_000;
    // minute 0: 3000 (the burst), minutes 1-5: 2900 each, minute 6: 100 (partial)
    const times = [
      ...Array.from({ length: 3000 }, (_, i) => start + (i * MIN) / 3000),
      ...[1, 2, 3, 4, 5].flatMap((m) => Array.from({ length: 2900 }, (_, i) => start + m * MIN + (i * MIN) / 2900)),
      ...Array.from({ length: 100 }, (_, i) => start + 6 * MIN + i * 10),
    ];
    const r = steadyRate(times, start);
    expect(r).toMatchObject({ firstMinute: 3000, fullMinutes: 5, perFullMinute: 2900 });
    const m = ceilingRatioMetric('x_ratio', r, 60);
    expect(m).toMatchObject({ value: 0.967, met: true });
    expect(m.unit).toContain('/ 3000 = 60 calls × 50');
  });

  it('misses with fewer than five full minutes, however fast they were', () => {
    const start = 0;
    const times = Array.from({ length: 12_000 }, (_, i) => start + (i * 4 * MIN) / 12_000);
    const m = ceilingRatioMetric('x_ratio', steadyRate(times, start), 60);
    expect(m.met).toBe(false);
    expect(m.note).toContain('only 2 full sandbox minutes');
  });

  it('misses a slow steady state (one record a call: batch size 1)', () => {
    const times = Array.from({ length: 60 * 7 }, (_, i) => i * 1000);
    const m = ceilingRatioMetric('x_ratio', steadyRate(times, 0), 60);
    expect(m).toMatchObject({ value: 0.02, met: false });
  });

  it('counts lost references and extra live copies, not deleted ones', () => {
    const at = 0;
    const t = tally(
      ['A', 'B', 'C', 'D'],
      [
        { ref: 'A', status: 'AUTHORISED', atMs: at },
        { ref: 'A', status: 'AUTHORISED', atMs: at },
        { ref: 'A', status: 'AUTHORISED', atMs: at },
        { ref: 'B', status: 'AUTHORISED', atMs: at },
        { ref: 'C', status: 'DELETED', atMs: at },
        { ref: 'Z', status: 'AUTHORISED', atMs: at },
        { ref: 'Z', status: 'AUTHORISED', atMs: at },
      ],
    );
    expect(t).toMatchObject({ wanted: 4, lost: 2, lostRefs: ['C', 'D'], duplicated: 2, duplicatedRefs: ['A'] });
  });
});
