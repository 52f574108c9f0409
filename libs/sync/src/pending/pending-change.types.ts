// The shapes the pending-change store takes and gives: a flow's scope, a change to accept, a
// drain's claim and how each claimed change settles.
import type { CanonicalEntity, MappingDirection } from '#lb/mapping';
import type { PendingChangeOutcome, SyncPendingChange } from './pending-change.entity';

export interface FlowScope {
  integrationId: string;
  flowKey: string;
}

export interface NewPendingChange extends FlowScope {
  entity: CanonicalEntity;
  direction: MappingDirection;
  sourceKey: string;
  lane: number;
  /** The source record as read; null to have the drain re-read it. */
  source: Record<string, unknown> | null;
  /** Write it even when unchanged against its cross-reference, once (a reconciliation fix). */
  force?: boolean;
}

export interface Claim {
  claimId: string;
  /** All of one mapping pin: the version a replay pinned them to, or null (the flow's version). */
  changes: SyncPendingChange[];
}

/** The mapping version a claim's changes were pinned to by a replay, if any (a claim holds one pin). */
export function pinnedVersionOf(claim: Claim): number | null {
  return claim.changes[0]?.pinnedMappingVersion ?? null;
}

/** How a claimed change ends (or goes back): exactly one of these per claimed row. */
export type Settlement =
  | { kind: 'done'; outcome: PendingChangeOutcome; mappingVersion?: number | null }
  | { kind: 'waiting'; waitingOn: string; mappingVersion?: number | null }
  | { kind: 'held'; outcome: PendingChangeOutcome; mappingVersion?: number | null }
  | { kind: 'dead'; outcome: PendingChangeOutcome; error: string; mappingVersion?: number | null }
  | { kind: 'retry'; error: string; delayMs: number }
  /** Not attempted (no Xero slot, paused): back to pending without counting an attempt. */
  | { kind: 'release'; delayMs: number }
  /**
   * Tried again after `delayMs` AT ITS PLACE IN LINE: the row stays claimed with a lease that runs
   * out then, and claims take lapsed leases in the order of their changes. A retry or a release
   * moves `available_at` behind the whole backlog: in the initial-load bench a batch that met a
   * slow answer or a full minute came back behind 5,000 contacts (386 s), and the invoices waiting
   * on it went out one by one. `error` counts an attempt.
   */
  | { kind: 'defer'; delayMs: number; error?: string; outcome?: PendingChangeOutcome };
