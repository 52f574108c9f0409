// How a record the mapping refused settles, in both directions: a dead letter naming every field,
// unless the only failure is an expression that ran out of time — a wall-clock budget a busy worker
// can exhaust on a sound expression — which is tried again a few times first.
import { jitteredExponentialDelay } from '#lb/queues';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';

/** How many times a record whose mapping ran out of time is tried before it is a dead letter. */
export const EXPRESSION_TIME_TRIES = 3;

export interface Refusal {
  field: string;
  message: string;
  rule?: string;
}

export function refusalSettlement(
  change: Pick<SyncPendingChange, 'attempts'>,
  errors: Refusal[],
  mappingVersion: number,
  error: string,
): Settlement {
  const messages = errors.map((e) => `${e.field}: ${e.message}`);
  if (errors.every((e) => e.rule === 'expression-time') && change.attempts < EXPRESSION_TIME_TRIES - 1) {
    return {
      kind: 'retry',
      error: `the mapping ran out of time: ${messages.join('; ')}`,
      delayMs: jitteredExponentialDelay(change.attempts + 1),
    };
  }
  return { kind: 'dead', error, outcome: { messages }, mappingVersion };
}
