import { JobOptions, QueueOptions } from 'bull';

export const JITTERED_BACKOFF = 'jittered-exponential';

/** Exponential backoff with full jitter, so retries of many tenants do not arrive in step. */
export function jitteredExponentialDelay(attemptsMade: number, baseMs = 2_000, capMs = 10 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 6,
  backoff: { type: JITTERED_BACKOFF },
  // Completed jobs are evidence only briefly; failed ones stay for inspection and replay.
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};

/** Settings shared by producers and consumers (Bull needs both sides to agree). */
export const QUEUE_SETTINGS: QueueOptions['settings'] = {
  backoffStrategies: { [JITTERED_BACKOFF]: (attemptsMade: number) => jitteredExponentialDelay(attemptsMade) },
  stalledInterval: 30_000,
  maxStalledCount: 2,
};
