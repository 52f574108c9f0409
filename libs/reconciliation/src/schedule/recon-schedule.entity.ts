import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { ReconCadence } from './next-run';

/** When an integration's reconciliation runs on its own: one schedule per integration. */
@Entity({ name: 'recon_schedules' })
@Unique('uq_recon_schedules_tenant_id', ['tenantId', 'id'])
@Unique('uq_recon_schedules_integration', ['tenantId', 'integrationId'])
@Index('ix_recon_schedules_due', ['tenantId', 'nextRunAt'])
export class ReconSchedule extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  cadence: ReconCadence;

  /** The hour (UTC, 0–23) the run starts; it reconciles as of the day before. */
  @Column({ name: 'hour_utc', type: 'smallint' })
  hourUtc: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'next_run_at', type: 'timestamptz' })
  nextRunAt: Date;

  /** The run the schedule queued last; null until it first runs. */
  @Column({ name: 'last_run_id', type: 'uuid', nullable: true })
  lastRunId: string | null;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId: string | null;

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
