// Memory growth of a process from RSS samples: a least-squares slope over the steady part of the
// run (after the warm-up, before the final drain), in MB per hour. Pure, with unit tests.

export interface RssSample {
  /** Milliseconds since the soak started. */
  tMs: number;
  rssMb: number;
}

export interface MemoryTrend {
  samples: number;
  steadySamples: number;
  startMb: number;
  endMb: number;
  peakMb: number;
  /** Slope of RSS over the steady part; null with fewer than `minSamples` steady samples. */
  slopeMbPerHour: number | null;
  met: boolean;
  reason: string;
}

/** Least-squares slope of y over x (units of y per unit of x); 0 when x does not vary. */
export function slope(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function memoryTrend(
  samples: RssSample[],
  opts: { steadyFromMs: number; steadyToMs: number; maxMbPerHour: number; minSamples?: number },
): MemoryTrend {
  const steady = samples.filter((s) => s.tMs >= opts.steadyFromMs && s.tMs <= opts.steadyToMs);
  const minSamples = opts.minSamples ?? 5;
  const base = {
    samples: samples.length,
    steadySamples: steady.length,
    startMb: steady[0]?.rssMb ?? 0,
    endMb: steady[steady.length - 1]?.rssMb ?? 0,
    peakMb: Math.max(0, ...samples.map((s) => s.rssMb)),
  };
  if (steady.length < minSamples)
    return {
      ...base,
      slopeMbPerHour: null,
      met: false,
      reason: `only ${steady.length} steady samples (need ${minSamples})`,
    };
  const perMs = slope(steady.map((s) => ({ x: s.tMs, y: s.rssMb })));
  const perHour = Number((perMs * 3_600_000).toFixed(1));
  const met = perHour <= opts.maxMbPerHour;
  return {
    ...base,
    slopeMbPerHour: perHour,
    met,
    reason: met ? 'no growth trend above the threshold' : `RSS grows ${perHour} MB/h (threshold ${opts.maxMbPerHour})`,
  };
}
