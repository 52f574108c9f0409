import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { TenantOwnedEntity } from './tenant-owned.entity';
import { Tenant } from './tenant.entity';

/**
 * Every secret at rest (Xero token sets, X3 credentials, webhook keys) lives here, encrypted with
 * AES-256-GCM; its associated data binds it to (tenant, this row's id, purpose). One table means
 * key rotation has one place to sweep.
 */
@Entity({ name: 'secrets' })
@Unique('uq_secrets_tenant_id', ['tenantId', 'id'])
export class SecretRecord extends TenantOwnedEntity {
  /** What the secret is for, e.g. "xero.token_set", "x3.client_secret". Part of the AAD. */
  @Column({ type: 'text' })
  purpose: string;

  @Index('ix_secrets_key_id')
  @Column({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ type: 'text' })
  ciphertext: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
