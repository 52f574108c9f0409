// Counts the Xero calls made inside one piece of work (a drain run's "Xero calls made", the record
// trail's sync_runs row). AsyncLocalStorage: concurrent runs in one worker keep their own counts.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface XeroCallTally {
  calls: number;
}

const tallies = new AsyncLocalStorage<XeroCallTally>();

/** Runs `work` with a fresh tally; every admitted Xero call inside it (however deep) adds one. */
export function withXeroCallTally<T>(tally: XeroCallTally, work: () => Promise<T>): Promise<T> {
  return tallies.run(tally, work);
}

/** Called by XeroCaller for each admitted call. */
export function countXeroCall(): void {
  const tally = tallies.getStore();
  if (tally) tally.calls++;
}
