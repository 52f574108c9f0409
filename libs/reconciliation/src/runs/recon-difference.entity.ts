import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import type { DifferenceClass, SideValues, SuggestedFix } from './classify';
import { ReconRun } from './recon-run.entity';

export type DifferenceState = 'open' | 'approved' | 'applied' | 'dismissed';

/** One difference a run found between the two sides' copies of a document or party. */
@Entity({ name: 'recon_differences' })
@Unique('uq_recon_differences_tenant_id', ['tenantId', 'id'])
@Index('ix_recon_differences_run', ['tenantId', 'runId', 'differenceClass', 'matchKey'])
export class ReconDifference extends TenantOwnedEntity {
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'difference_class', type: 'text' })
  differenceClass: DifferenceClass;

  @Column({ type: 'text' })
  entity: string;

  /** The document number (or party code) both sides share. */
  @Column({ name: 'match_key', type: 'text' })
  matchKey: string;

  /** Each side's copies for the key (several for a duplicate; none for a missing side). */
  @Column({ type: 'jsonb' })
  x3: SideValues[];

  @Column({ type: 'jsonb' })
  xero: SideValues[];

  @Column({ name: 'likely_cause', type: 'text' })
  likelyCause: string;

  @Column({ type: 'jsonb' })
  fix: SuggestedFix;

  @Column({ type: 'text', default: 'open' })
  state: DifferenceState;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  decidedByUserId: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => ReconRun, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'run_id', referencedColumnName: 'id' },
  ])
  run?: ReconRun;
}
