import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import { SyncFlowVersion } from './flow-version.entity';

/** The version of a flow in force: one indexed row the engine reads, and the row a save moves. */
@Entity({ name: 'sync_flow_heads' })
@Unique('uq_sync_flow_heads_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_flow_heads_key', ['tenantId', 'integrationId', 'flowKey'])
export class SyncFlowHead extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  @Column({ name: 'active_version_id', type: 'uuid' })
  activeVersionId: string;

  @Column({ name: 'active_version', type: 'integer' })
  activeVersion: number;

  /**
   * Why this one flow is paused while its integration syncs ('billing': the plan in force does not
   * include its entity or trigger). The engine schedules and drains it only while the set is empty.
   * Kept on the head, not the version, so a saved edit does not lose it.
   */
  @Column({ name: 'pause_reasons', type: 'text', array: true, default: () => "'{}'" })
  pauseReasons: string[];

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

  @ManyToOne(() => SyncFlowVersion, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'active_version_id', referencedColumnName: 'id' },
  ])
  activeVersionRow?: SyncFlowVersion;
}
