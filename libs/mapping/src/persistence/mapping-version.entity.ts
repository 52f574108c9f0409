import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '../canonical';
import type { MappingDirection } from '../adapters/adapter-contract';

/**
 * One saved mapping of an integration for one entity and direction. Immutable: a save, an edit or
 * a roll-back is a new row with the next number (the runtime role has no UPDATE on this table), so
 * a run or a dead letter that names a version can always be replayed with exactly that document.
 */
@Entity({ name: 'mapping_versions' })
@Unique('uq_mapping_versions_tenant_id', ['tenantId', 'id'])
@Unique('uq_mapping_versions_number', ['tenantId', 'integrationId', 'entity', 'direction', 'version'])
@Index('ix_mapping_versions_integration', ['tenantId', 'integrationId', 'createdAt'])
export class MappingVersion extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  entity: CanonicalEntity;

  @Column({ type: 'text' })
  direction: MappingDirection;

  /** 1, 2, 3 … per integration, entity and direction. */
  @Column({ type: 'integer' })
  version: number;

  /** The mapping document as the engine validated it. */
  @Column({ type: 'jsonb' })
  document: Record<string, unknown>;

  /** The member who saved it (users are global; no foreign key, so the history outlives a member). */
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  authorUserId: string | null;

  /** Set on a roll-back: the version whose document this one copies. */
  @Column({ name: 'copied_from_version', type: 'integer', nullable: true })
  copiedFromVersion: number | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // A mapping belongs to its integration: removing the integration (audited) removes its history.
  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'integration_id', referencedColumnName: 'id' },
  ])
  integration?: Integration;
}
