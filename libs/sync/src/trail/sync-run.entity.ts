import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/** ok: every claimed change settled without a dead letter or hold; partial: some did not; failed: the run broke. */
export type SyncRunOutcome = 'ok' | 'partial' | 'failed';

/**
 * One drain job run of one flow (the run log's head): what it claimed and how each ended, the
 * Xero calls it made, and how it went. Written once, at the end of the run (trail-writer.ts);
 * runs that claimed nothing (capped, filling, empty) leave no row.
 */
@Entity({ name: 'sync_runs' })
@Unique('uq_sync_runs_tenant_id', ['tenantId', 'id'])
// the runs list: newest first, keyset on (started_at, id)
@Index('ix_sync_runs_list', ['tenantId', 'integrationId', 'startedAt', 'id'])
export class SyncRun extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  /** x3-to-xero, xero-to-x3, or both-ways (a both-ways claim carries both). */
  @Column({ type: 'text' })
  direction: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt: Date;

  @Column({ type: 'integer', default: 0 })
  claimed: number;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  dead: number;

  @Column({ type: 'integer', default: 0 })
  held: number;

  @Column({ type: 'integer', default: 0 })
  waiting: number;

  @Column({ name: 'xero_calls', type: 'integer', default: 0 })
  xeroCalls: number;

  @Column({ type: 'text' })
  outcome: SyncRunOutcome;

  /** The drain's report status (drained, retrying, rate-limited, paused …). */
  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  error: string | null;

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
