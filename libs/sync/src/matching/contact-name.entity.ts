import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * A Xero contact name the user confirmed for an X3 customer or supplier whose own name another
 * contact holds. The writer sends this Name instead of the X3 one; a new matching run keeps it.
 */
@Entity({ name: 'sync_contact_names' })
@Unique('uq_sync_contact_names_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_contact_names_party', ['tenantId', 'integrationId', 'entity', 'x3Key'])
export class SyncContactName extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  entity: 'customer' | 'supplier';

  @Column({ name: 'x3_key', type: 'text' })
  x3Key: string;

  @Column({ type: 'text' })
  name: string;

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
