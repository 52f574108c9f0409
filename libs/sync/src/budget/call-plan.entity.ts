import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * An integration's call-plan settings: its organisation's day limit when it differs from the
 * app's (XERO_DAY_LIMIT; e.g. 1,000 on Xero's Starter tier), and the flows whose backfill lane the
 * user paused, and how long each Xero poll has found nothing. No row = the app's day limit,
 * nothing paused, every poll at its flow's interval.
 */
@Entity({ name: 'sync_call_plans' })
@Unique('uq_sync_call_plans_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_call_plans_integration', ['tenantId', 'integrationId'])
export class SyncCallPlan extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** Calls per rolling day for this organisation; null = the app's XERO_DAY_LIMIT. */
  @Column({ name: 'day_limit', type: 'integer', nullable: true })
  dayLimit: number | null;

  /** Flow keys whose backfill lane is paused (the drain leaves those changes pending). */
  @Column({ name: 'backfill_paused_flows', type: 'text', array: true, default: () => "'{}'" })
  backfillPausedFlows: string[];

  /** Per Xero-polled flow: consecutive polls that found nothing (paces idle polling). */
  @Column({ name: 'quiet_polls', type: 'jsonb', default: () => "'{}'" })
  quietPolls: Record<string, number>;

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
