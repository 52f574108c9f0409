import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * One saved version of a flow document. Immutable like mapping versions (the runtime role has no
 * UPDATE on this table): an edit is the next number, so a run can always name what it ran.
 */
@Entity({ name: 'sync_flow_versions' })
@Unique('uq_sync_flow_versions_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_versions_number', ['tenantId', 'integrationId', 'flowKey', 'version'])
@Index('ix_sync_flow_versions_integration', ['tenantId', 'integrationId', 'createdAt'])
export class SyncFlowVersion extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The flow's name within its integration: 'customers', 'posted-invoices' … */
  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  /** 1, 2, 3 … per integration and flow. */
  @Column({ type: 'integer' })
  version: number;

  /** The FlowDocument as validated. */
  @Column({ type: 'jsonb' })
  document: Record<string, unknown>;

  /** The member who saved it (no foreign key: the history outlives a member). */
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

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
