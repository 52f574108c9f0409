import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '#lb/mapping';

/**
 * running: walking; waiting: parked at a wait-for-event node; awaiting-approval: parked at an
 * approval node; completed: reached an action (the drain wrote, flagged or skipped the record);
 * ended: stopped without an action (a false condition, a rejection or timeout with no edge);
 * failed: the walk could not go on (a condition that does not evaluate, no record to look at).
 */
export const FLOW_RUN_STATES = ['running', 'waiting', 'awaiting-approval', 'completed', 'ended', 'failed'] as const;
export type FlowRunState = (typeof FLOW_RUN_STATES)[number];
export const PARKED_RUN_STATES: readonly FlowRunState[] = ['waiting', 'awaiting-approval'];

/**
 * One record's walk through a graph flow's version (flow-runs/walk-graph.ts). It belongs to the
 * pending change that brought the record in: the drain holds that change while the run is parked,
 * and writes it once the run reaches its action.
 */
@Entity({ name: 'sync_flow_runs' })
@Unique('uq_sync_flow_runs_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_runs_change', ['tenantId', 'pendingChangeId'])
@Index('ix_sync_flow_runs_flow', ['tenantId', 'integrationId', 'flowKey', 'state', 'createdAt'])
export class SyncFlowRun extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  /** The flow version whose graph the run walks (versions are immutable). */
  @Column({ name: 'flow_version', type: 'integer' })
  flowVersion: number;

  /** The pending change that carries the record (no foreign key: settled changes may be purged). */
  @Column({ name: 'pending_change_id', type: 'uuid' })
  pendingChangeId: string;

  @Column({ type: 'text' })
  entity: CanonicalEntity;

  /** The record's X3 key. */
  @Column({ name: 'source_key', type: 'text' })
  sourceKey: string;

  @Column({ type: 'text', default: 'running' })
  state: FlowRunState;

  /** The node the run is at: parked there, or the last one walked. */
  @Column({ name: 'current_node', type: 'text' })
  currentNode: string;

  /** When a parked run takes its timeout edge; null when it waits without one. */
  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  /** What a parked wait-for-event run waits for: 'x3:delivery-validated:SO0042'. */
  @Column({ name: 'waiting_for', type: 'text', nullable: true })
  waitingFor: string | null;

  /** The action node's action once reached (upsert, create-only, flag). */
  @Column({ type: 'text', nullable: true })
  action: string | null;

  /** Why a failed run could not go on. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

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
