/** What a bench/*.bench.ts default export returns. */
export interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  /** The goal, in words a reader can check the value against, e.g. ">= 0.9". */
  target?: string;
  /** False when the bench checked its own target and missed it: the run then fails. */
  met?: boolean;
}

/** Service URLs and settings of the bench run (the same variables `npm test` provides). */
export type BenchEnv = Record<string, string>;

export type Bench = (env: BenchEnv) => Promise<BenchMetric[]>;
