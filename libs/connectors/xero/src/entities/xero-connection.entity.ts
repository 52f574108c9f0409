import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { XeroGrant } from './xero-grant.entity';

export const XERO_CONNECTION_STATUSES = ['active', 'needs_reauth', 'disconnected'] as const;
export type XeroConnectionStatus = (typeof XERO_CONNECTION_STATUSES)[number];

/**
 * One Xero organisation reached through a grant. The partial unique index on xero_tenant_id is
 * global (indexes ignore RLS): an organisation belongs to at most one tenant while it is not
 * disconnected; a second tenant's insert fails and is turned into a clear refusal.
 */
@Entity({ name: 'xero_connections' })
@Unique('uq_xero_connections_tenant_id', ['tenantId', 'id'])
@Index('uq_xero_connections_org', ['xeroTenantId'], { unique: true, where: `status <> 'disconnected'` })
@Index('ix_xero_connections_grant', ['tenantId', 'grantId'])
export class XeroConnection extends TenantOwnedEntity {
  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  /** The /connections id (what DELETE /connections/{id} takes). */
  @Column({ name: 'xero_connection_id', type: 'uuid' })
  xeroConnectionId: string;

  /** The organisation's tenantId (the xero-tenant-id header, webhooks' tenantId). */
  @Column({ name: 'xero_tenant_id', type: 'uuid' })
  xeroTenantId: string;

  @Column({ name: 'tenant_name', type: 'text' })
  tenantName: string;

  @Column({ name: 'tenant_type', type: 'text', default: 'ORGANISATION' })
  tenantType: string;

  @Column({ type: 'text', default: 'active' })
  status: XeroConnectionStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => XeroGrant, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'grant_id', referencedColumnName: 'id' },
  ])
  grant?: XeroGrant;
}
