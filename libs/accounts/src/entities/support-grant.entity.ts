import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/** A staff member's time-boxed, read-only access to one tenant, for a stated reason. */
@Entity({ name: 'support_grants' })
@Unique('uq_support_grants_tenant_id', ['tenantId', 'id'])
export class SupportGrant extends TenantOwnedEntity {
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ name: 'staff_email', type: 'text' })
  staffEmail: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
