// What a drain does when Xero (or X3) cannot take its work now: nothing is lost, and no Bull lock
// is held while waiting. A refused slot releases the changes and comes back at retryAt; a refused
// token pauses the integration ('reauthorisation'); a transient failure retries with backoff.
import { EntityManager } from 'typeorm';
import { isXeroCallError } from '#lb/connectors/xero';
import { X3Error } from '#lb/connectors/sage-x3';
import { jitteredExponentialDelay } from '#lb/queues';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';

export const REAUTHORISATION = 'reauthorisation';

export type FailurePlan =
  | { kind: 'rate-limited'; delayMs: number }
  | { kind: 'auth' }
  | { kind: 'transient'; error: string }
  | { kind: 'unhandled' };

/** How a failure of the whole claim is handled (record-level outcomes never get here). */
export function planFailure(e: unknown): FailurePlan {
  if (isXeroCallError(e)) {
    if (e.kind === 'rate-limited')
      return { kind: 'rate-limited', delayMs: Math.max(1_000, (e.retryAt?.getTime() ?? 0) - Date.now()) };
    if (e.kind === 'auth') return { kind: 'auth' };
    if (e.kind === 'transient' || e.kind === 'unknown-outcome')
      return { kind: 'transient', error: `Xero: ${e.message}` };
    return { kind: 'unhandled' };
  }
  if (e instanceof X3Error && (e.kind === 'transient' || e.kind === 'server-fault' || e.kind === 'unknown-outcome')) {
    return { kind: 'transient', error: `X3: ${e.message}` };
  }
  return { kind: 'unhandled' };
}

/** The settlement of each still-claimed change under a failure plan. */
export function failureSettlement(plan: FailurePlan, change: SyncPendingChange): Settlement {
  // both keep their place in line (a claim in flight is resent first once its delay has passed)
  if (plan.kind === 'rate-limited') return { kind: 'defer', delayMs: plan.delayMs };
  if (plan.kind === 'transient') {
    return { kind: 'defer', error: plan.error, delayMs: jitteredExponentialDelay(change.attempts + 1) };
  }
  return { kind: 'release', delayMs: 0 };
}

/** Settles every change of the claim still held (the others were settled already: settle says false). */
export async function settleStillClaimed(
  m: EntityManager,
  pending: PendingChanges,
  claimId: string,
  changes: SyncPendingChange[],
  settlementOf: (c: SyncPendingChange) => Settlement,
): Promise<void> {
  for (const c of changes) await pending.settle(m, c, claimId, settlementOf(c));
}

/** Adds the pause reason once: flows stop until the organisation is authorised again. */
export async function pauseForReauthorisation(m: EntityManager, integrationId: string): Promise<void> {
  await m.query(
    `UPDATE integrations SET pause_reasons = array_append(pause_reasons, $2), updated_at = now()
     WHERE id = $1 AND NOT ($2 = ANY(pause_reasons))`,
    [integrationId, REAUTHORISATION],
  );
}
