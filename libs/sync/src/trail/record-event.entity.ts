import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * What happened to a record: accepted at intake, mapped (before/after), written / unchanged /
 * matched / skipped (the target's answer), dead, held, waiting, retried, replayed.
 */
export const RECORD_EVENTS = [
  'accepted',
  'mapped',
  'written',
  'unchanged',
  'matched',
  'skipped',
  'dead',
  'held',
  'waiting',
  'retried',
  'replayed',
] as const;
export type RecordEventKind = (typeof RECORD_EVENTS)[number];

/** The target's answer kept with a settling event. */
export interface RecordEventResponse {
  action?: string;
  targetId?: string;
  messages?: string[];
  proposal?: string;
  waitingOn?: string;
  error?: string;
}

/**
 * The record trail: one row per event of one pending change. Keys are "C" collated so a prefix
 * search (LIKE 'SO00%') walks the btree; payloads are masked (bank and tax numbers) before they
 * are stored, and purged after LB_TRAIL_RETENTION_DAYS (trail-retention.ts).
 */
@Entity({ name: 'sync_record_events' })
@Unique('uq_sync_record_events_tenant_id', ['tenantId', 'id'])
@Index('ix_sync_record_events_list', ['integrationId', 'at', 'id'])
@Index('ix_sync_record_events_record_key', ['integrationId', 'recordKey', 'at'])
@Index('ix_sync_record_events_source_key', ['integrationId', 'sourceKey', 'at'])
@Index('ix_sync_record_events_target_id', ['integrationId', 'targetId', 'at'], { where: 'target_id IS NOT NULL' })
@Index('ix_sync_record_events_run', ['runId', 'at'], { where: 'run_id IS NOT NULL' })
// the retention purge: the oldest rows of a tenant first
@Index('ix_sync_record_events_age', ['tenantId', 'at'])
export class SyncRecordEvent extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The drain run (sync_runs.id) that settled it; null for intake and replay events. */
  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'pending_change_id', type: 'uuid', nullable: true })
  pendingChangeId: string | null;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ type: 'text' })
  direction: string;

  @Column({ type: 'text' })
  event: RecordEventKind;

  /** Intake events: webhook, poll, backfill, interactive, shop, replay. */
  @Column({ type: 'text', nullable: true })
  intake: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** X3 `_id` or Xero id of the source record. */
  @Column({ name: 'source_key', type: 'text', collation: 'C' })
  sourceKey: string;

  /** The record's natural key: SOHNUM, BPCNUM, NUM, InvoiceNumber, ContactNumber, Name … (record-keys.ts). */
  @Column({ name: 'record_key', type: 'text', collation: 'C' })
  recordKey: string;

  /** The target record's id once known (Xero id, X3 key). */
  @Column({ name: 'target_id', type: 'text', collation: 'C', nullable: true })
  targetId: string | null;

  /** mapped: the source record as read (masked). */
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  /** mapped: the payload sent to the target (masked). */
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  response: RecordEventResponse | null;

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
