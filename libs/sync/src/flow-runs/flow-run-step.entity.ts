import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import type { FlowNodeKind } from '../flows/flow-graph';
import { SyncFlowRun } from './flow-run.entity';

/**
 * How a step ended: the edge it took ('true', 'false', 'event', 'timeout', 'approved', 'rejected',
 * 'next'), 'parked' while it waits, 'handed-over' for an action, 'end' when no edge leads on,
 * 'error' when it could not be evaluated.
 */
export type FlowStepOutcome =
  | 'true'
  | 'false'
  | 'event'
  | 'timeout'
  | 'approved'
  | 'rejected'
  | 'next'
  | 'parked'
  | 'handed-over'
  | 'end'
  | 'error';

/** One node a run walked: what went in and came out (short summaries, never the whole record), when. */
@Entity({ name: 'sync_flow_run_steps' })
@Unique('uq_sync_flow_run_steps_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_run_steps_seq', ['tenantId', 'runId', 'seq'])
@Index('ix_sync_flow_run_steps_run', ['tenantId', 'runId'])
export class SyncFlowRunStep extends TenantOwnedEntity {
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  /** 1, 2, 3 … within the run. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ name: 'node_kind', type: 'text' })
  nodeKind: FlowNodeKind;

  @Column({ type: 'text' })
  outcome: FlowStepOutcome;

  /** What the node looked at: `{ key, expression }`, `{ waitingFor }`, `{ role }` … */
  @Column({ name: 'input_summary', type: 'jsonb' })
  inputSummary: Record<string, unknown>;

  /** What it decided: `{ value: true }`, `{ approvedBy, comment }`, `{ message }` … */
  @Column({ name: 'output_summary', type: 'jsonb' })
  outputSummary: Record<string, unknown>;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  /** Null while the step is parked. */
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => SyncFlowRun, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'run_id', referencedColumnName: 'id' },
  ])
  run?: SyncFlowRun;
}
