import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { MatchEntity, MatchRule } from './match-types';

/** match: a pair to confirm; ambiguous: several candidates, the user picks; clash: a name to rename. */
export type ProposalKind = 'match' | 'ambiguous' | 'clash';

/**
 * One line of the last matching run of an integration, for review. Replaced by the next run;
 * confirming turns accepted `match` lines into cross-references.
 */
@Entity({ name: 'sync_match_proposals' })
@Unique('uq_sync_match_proposals_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_match_proposals_line', ['tenantId', 'integrationId', 'kind', 'entity', 'x3Key'])
@Index('ix_sync_match_proposals_integration', ['tenantId', 'integrationId', 'kind'])
export class SyncMatchProposal extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  kind: ProposalKind;

  @Column({ type: 'text' })
  entity: MatchEntity;

  @Column({ name: 'x3_key', type: 'text' })
  x3Key: string;

  /** The proposed Xero record (match), or the contact holding the name (clash). */
  @Column({ name: 'xero_id', type: 'text', nullable: true })
  xeroId: string | null;

  @Column({ name: 'xero_natural_key', type: 'text', nullable: true })
  xeroNaturalKey: string | null;

  @Column({ type: 'text', nullable: true })
  rule: MatchRule | null;

  /** 0–100. */
  @Column({ type: 'integer', nullable: true })
  confidence: number | null;

  /** Hash of the Xero record as read, in canonical form: the cross-reference's snapshot once confirmed. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash: string | null;

  /** Labels, candidates (ambiguous), the held name and the proposed one (clash). */
  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

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
