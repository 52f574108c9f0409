import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { RunLedgerResult } from '../ledger/run-ledger';

export type ReconRunState = 'queued' | 'running' | 'done' | 'failed';

/** One reconciliation of an integration's two ledgers as of a date, asked for by a member or the schedule. */
@Entity({ name: 'recon_runs' })
@Unique('uq_recon_runs_tenant_id', ['tenantId', 'id'])
@Index('ix_recon_runs_integration', ['tenantId', 'integrationId', 'createdAt'])
export class ReconRun extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text', default: 'queued' })
  state: ReconRunState;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  /** The member who asked; null for the schedule. */
  @Column({ name: 'requested_by_user_id', type: 'uuid', nullable: true })
  requestedByUserId: string | null;

  /** Differences per class (missingInXero, amount, rounding …) and documents compared per side. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts: Record<string, number>;

  /**
   * The GL comparison (ledger/run-ledger.ts): every line of both trial balances as at the date and
   * the month's movements, or why there was none. Not loaded with the run (a few hundred lines):
   * the run view and the exports ask for it.
   */
  @Column({ type: 'jsonb', nullable: true, select: false })
  ledger?: RunLedgerResult | null;

  /** Why a failed run failed, in words a member can act on. */
  @Column({ type: 'text', nullable: true })
  failure: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

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
