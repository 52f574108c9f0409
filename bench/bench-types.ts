/** What a bench/*.bench.ts default export returns. */
export interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  /** The goal, in words a reader can check the value against, e.g. ">= 0.9". */
  target?: string;
  /**
   * true/false when the bench checked its own target (false: missed, `--check` then fails);
   * left out for a figure that is reported, not judged.
   */
  met?: boolean;
  /** Why a figure is what it is (a miss's reason, the failed records' messages): shown beside it. */
  note?: string;
}

/** Service URLs and settings of the bench run (the same variables `npm test` provides). */
export type BenchEnv = Record<string, string>;

export type Bench = (env: BenchEnv) => Promise<BenchMetric[]>;
