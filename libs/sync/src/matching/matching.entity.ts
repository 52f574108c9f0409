import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { EntityCounts, MatchEntity, SharedContact } from './match-types';

/**
 * First-connection matching of one integration: the last run's id and counts, and whether the
 * user confirmed it. The sync engine writes nothing to the organisation until `confirmedAt` is set
 * (no row, or a row without it: "matching not confirmed"). A new run clears the confirmation.
 */
@Entity({ name: 'sync_matchings' })
@Unique('uq_sync_matchings_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_matchings_integration', ['tenantId', 'integrationId'])
export class SyncMatching extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** Changes with every run: a confirmation names the run it reviewed. */
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'jsonb' })
  counts: Record<MatchEntity, EntityCounts>;

  /** Customers and suppliers that become one Xero contact. */
  @Column({ type: 'jsonb' })
  shared: SharedContact[];

  /**
   * Contact names (Xero's comparison key) held once the run's matches are written: a rename the
   * user confirms must avoid them.
   */
  @Column({ name: 'taken_names', type: 'jsonb' })
  takenNames: string[];

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'confirmed_by_user_id', type: 'uuid', nullable: true })
  confirmedByUserId: string | null;

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
