import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { MappingDirection } from '../adapters/adapter-contract';
import type { SuggestionKind, SuggestionScope } from './suggestion-types';

export type SuggestionStatus = 'proposed' | 'accepted' | 'rejected';

/**
 * One suggested pair of an integration (X3 key → Xero key, for a kind and scope) and what the
 * tenant decided on it. Proposed rows are replaced on each reading; accepted and rejected rows
 * stay: they are the tenant's own history that later suggestions of its integrations learn from.
 * Its id is the key a suggestion is accepted or rejected by (RLS: another tenant's id is unknown).
 */
@Entity({ name: 'mapping_suggestions' })
@Unique('uq_mapping_suggestions_tenant_id', ['tenantId', 'id'])
@Unique('uq_mapping_suggestions_pair', [
  'tenantId',
  'integrationId',
  'kind',
  'direction',
  'scope',
  'sourceKey',
  'targetKey',
])
@Index('ix_mapping_suggestions_decided', ['tenantId', 'kind', 'status'])
export class MappingSuggestion extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  kind: SuggestionKind;

  /** The mapping direction the pair is for: its source key is of that direction's source system. */
  @Column({ type: 'text' })
  direction: MappingDirection;

  @Column({ type: 'text' })
  scope: SuggestionScope;

  @Column({ name: 'source_key', type: 'text' })
  sourceKey: string;

  @Column({ name: 'source_label', type: 'text' })
  sourceLabel: string;

  @Column({ name: 'target_key', type: 'text' })
  targetKey: string;

  @Column({ name: 'target_label', type: 'text' })
  targetLabel: string;

  /** 0..1 as the scorer gave it when last proposed. */
  @Column({ type: 'numeric', precision: 3, scale: 2 })
  confidence: string;

  @Column({ type: 'jsonb' })
  reasons: string[];

  @Column({ type: 'jsonb' })
  alternatives: Array<{ key: string; label: string; confidence: number }>;

  @Column({ type: 'text' })
  status: SuggestionStatus;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The mapping version an accepted pair was written into. */
  @Column({ name: 'mapping_version', type: 'integer', nullable: true })
  mappingVersion: number | null;

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
