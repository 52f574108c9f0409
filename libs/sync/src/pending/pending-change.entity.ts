import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity, MappingDirection } from '#lb/mapping';

/**
 * pending: ready to drain once available_at has passed; claimed: a drain job holds it until
 * claimed_until (a lease, so a killed worker frees it); waiting: its prerequisite (waiting_on) is
 * missing; held: needs an accountant (lock date, paid/voided target) with the proposed adjustment;
 * done: written, matched or found unchanged; dead: refused by the target or the mapping (dead letter).
 */
export type PendingChangeState = 'pending' | 'claimed' | 'waiting' | 'held' | 'done' | 'dead';

/** Open states: at most one open row per (integration, flow, source key); a newer change coalesces into it. */
export const OPEN_PENDING_STATES: readonly PendingChangeState[] = ['pending', 'claimed', 'waiting'];

/** What the drain did with the change, for the run log, the dead-letter list and support. */
export interface PendingChangeOutcome {
  action?:
    | 'created'
    | 'updated'
    | 'unchanged'
    | 'matched'
    | 'skipped'
    | 'deleted'
    | 'flagged'
    /** a deletion held for an admin's approval to void it in Xero (void-deletions.ts), and what followed */
    | 'void-proposed'
    /** a likely duplicate held before writing until an admin approves or rejects it (anomalies/) */
    | 'duplicate-held'
    | 'voided'
    | 'archived';
  /** The target record's id (Xero id, or X3 key when writing to X3). */
  targetId?: string;
  /** The target's own words (Xero ValidationErrors, X3 diagnoses) or the mapping's issues. */
  messages?: string[];
  /** A held change: what an accountant would have to do (e.g. date it after the lock date). */
  proposal?: string;
  /** The batch it was written in, when it was. */
  batchId?: string;
  /** A ready change first put back in line to fill a batch (batch-fill.ts refill): when, ISO. */
  refilledSince?: string;
}

/**
 * One change of one source record waiting to be carried to the other side by a flow. Pending
 * changes live here, not in Redis: Bull only carries deduplicated "drain" jobs per integration and
 * flow, which claim up to 50 rows at a time (FOR UPDATE SKIP LOCKED), ordered by lane.
 */
@Entity({ name: 'sync_pending_changes' })
@Unique('uq_sync_pending_changes_tenant_id', ['tenantId', 'id'])
@Index('uq_sync_pending_changes_open', ['tenantId', 'integrationId', 'flowKey', 'sourceKey'], {
  unique: true,
  where: `state IN ('pending', 'claimed', 'waiting')`,
})
@Index('ix_sync_pending_changes_drain', ['integrationId', 'flowKey', 'state', 'lane', 'availableAt'])
// The sweep's cross-tenant scan for flows with work (lb_sync_flows_to_drain) skips the settled rows.
@Index('ix_sync_pending_changes_open_work', ['state', 'availableAt'], { where: `state IN ('pending', 'claimed')` })
// The dashboard (libs/sync/src/dashboard): a range of a flow's settled rows, its last settled one;
// the records list: an integration's rows newest change first (keyset on updated_at, id).
@Index('ix_sync_pending_changes_settled', ['integrationId', 'flowKey', 'settledAt'], {
  where: `settled_at IS NOT NULL`,
})
@Index('ix_sync_pending_changes_recent', ['integrationId', 'updatedAt', 'id'])
@Index('ix_sync_pending_changes_waiting_on', ['integrationId', 'waitingOn'], { where: `state = 'waiting'` })
export class SyncPendingChange extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The flow (sync_flow_heads.flow_key) that carries it. */
  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  @Column({ type: 'text' })
  entity: CanonicalEntity;

  @Column({ type: 'text' })
  direction: MappingDirection;

  /** X3 `_id` (x3-to-xero) or Xero id (xero-to-x3) of the source record. */
  @Column({ name: 'source_key', type: 'text' })
  sourceKey: string;

  /** 0 interactive, 1 webhook, 2 polling, 3 backfill (see LANES): lower drains first. */
  @Column({ type: 'smallint' })
  lane: number;

  @Column({ type: 'text', default: 'pending' })
  state: PendingChangeState;

  /** The source record as read when the change was accepted; null means "re-read it" (a replay). */
  @Column({ type: 'jsonb', nullable: true })
  source: Record<string, unknown> | null;

  /** A newer change arrived while this one was claimed: drain it again once the claim ends. */
  @Column({ type: 'boolean', default: false })
  dirty: boolean;

  /**
   * Write it once even if its content hash matches the cross-reference (a reconciliation fix: the
   * X3 record did not change, the Xero copy did). Cleared when the change settles.
   */
  @Column({ name: 'force_write', type: 'boolean', default: false })
  forceWrite: boolean;

  /** What it waits for: 'customer:C001', 'invoice:FAC0042', 'mapping:taxCodes:S20' … */
  @Column({ name: 'waiting_on', type: 'text', nullable: true })
  waitingOn: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  /** The drain job's claim: only its holder may settle the row, and only until claimed_until. */
  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** The mapping version the last attempt ran (a dead letter replays with it, or the newest). */
  @Column({ name: 'mapping_version', type: 'integer', nullable: true })
  mappingVersion: number | null;

  /**
   * A replay "with the pinned version": the drain maps this change with that mapping version, not
   * the flow's. Its own column: mapping_version is rewritten by every attempt (a released waiting
   * change must run the version that added its lookup). Cleared when a newer change coalesces.
   */
  @Column({ name: 'pinned_mapping_version', type: 'integer', nullable: true })
  pinnedMappingVersion: number | null;

  @Column({ type: 'jsonb', nullable: true })
  outcome: PendingChangeOutcome | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'integration_id', referencedColumnName: 'id' },
  ])
  integration?: Integration;
}
