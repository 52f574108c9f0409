import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/**
 * Records a tenant's flows wrote to the other side per calendar month (UTC), counted where a change
 * is settled as written (PendingChanges.settle): what the plans' fair-use allowance is measured by.
 */
@Entity({ name: 'sync_monthly_usage' })
@Unique('uq_sync_monthly_usage_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_monthly_usage_month', ['tenantId', 'month'])
export class SyncMonthlyUsage extends TenantOwnedEntity {
  /** The month's first day, UTC ('2026-12-01'). */
  @Column({ type: 'date' })
  month: string;

  @Column({ type: 'integer', default: 0 })
  records: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
