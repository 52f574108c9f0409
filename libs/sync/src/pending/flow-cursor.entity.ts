import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * Where a flow's change detection stands on one side: the X3 poll's cursor (stamp + overlap), or
 * Xero's If-Modified-Since. Kept per flow and source; delivered hashes live in x3_delivered_records.
 */
@Entity({ name: 'sync_flow_cursors' })
@Unique('uq_sync_flow_cursors_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_cursors_flow', ['tenantId', 'integrationId', 'flowKey', 'side'])
export class SyncFlowCursor extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  /** Which system the cursor reads: 'x3' or 'xero'. */
  @Column({ type: 'text' })
  side: 'x3' | 'xero';

  @Column({ type: 'jsonb' })
  cursor: Record<string, unknown>;

  /** When the last poll finished (UI and the idle-integration budget). */
  @Column({ name: 'polled_at', type: 'timestamptz', nullable: true })
  polledAt: Date | null;

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
