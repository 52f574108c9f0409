import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';
import { MappingVersion } from './mapping-version.entity';

/**
 * The version in force for an integration, entity and direction: what the sync engine reads (one
 * indexed row) and the row a save locks, so two saves never take the same version number.
 */
@Entity({ name: 'mapping_heads' })
@Unique('uq_mapping_heads_tenant_id', ['tenantId', 'id'])
@Unique('uq_mapping_heads_key', ['tenantId', 'integrationId', 'entity', 'direction'])
export class MappingHead extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  entity: CanonicalEntity;

  @Column({ type: 'text' })
  direction: MappingDirection;

  @Column({ name: 'active_version_id', type: 'uuid' })
  activeVersionId: string;

  @Column({ name: 'active_version', type: 'integer' })
  activeVersion: number;

  /** Since when the active version applies: changes from then on use it. */
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

  @ManyToOne(() => MappingVersion, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'active_version_id', referencedColumnName: 'id' },
  ])
  activeVersionRow?: MappingVersion;
}
