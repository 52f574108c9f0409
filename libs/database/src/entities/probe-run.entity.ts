import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { Tenant } from './tenant.entity';

export type ProbeStatus = 'queued' | 'done';

/**
 * A pipeline probe: the api queues it, a worker completes it inside the tenant's context and
 * records the tenant the database saw. Proves api → Redis → worker → PostgreSQL end to end.
 */
@Entity({ name: 'probe_runs' })
@Unique('uq_probe_runs_tenant_id', ['tenantId', 'id'])
export class ProbeRun extends TenantOwnedEntity {
  @Column({ type: 'text', default: 'queued' })
  status: ProbeStatus;

  @Column({ name: 'observed_tenant_id', type: 'text', nullable: true })
  observedTenantId: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
