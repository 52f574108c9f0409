import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';

/**
 * A credential a BI tool presents to read the tenant's reporting views, and nothing else. Only
 * the SHA-256 of the key is kept (the key is shown once, when an admin creates it); revoking
 * keeps the row, so the audit log and the key list still say who had access and until when.
 */
@Entity({ name: 'reporting_keys' })
@Unique('uq_reporting_keys_tenant_id', ['tenantId', 'id'])
@Index('uq_reporting_keys_hash', ['keyHash'], { unique: true })
export class ReportingKey extends TenantOwnedEntity {
  /** What the admin called it ("Power BI finance workspace"). */
  @Column({ type: 'text' })
  name: string;

  /** The key's first characters, shown in the list so a key can be recognised, never used. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  /** Hex SHA-256 of the key. */
  @Column({ name: 'key_hash', type: 'text' })
  keyHash: string;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
