import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Role, Tenant, TenantOwnedEntity } from '#lb/database';

/**
 * A single-use, expiring invitation for one email address; the link carries a token, we keep its
 * hash (to find it) and the token sealed in `secrets` (to send the email or show an admin the link).
 */
@Entity({ name: 'invitations' })
@Unique('uq_invitations_tenant_id', ['tenantId', 'id'])
export class Invitation extends TenantOwnedEntity {
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: Role;

  @Index('uq_invitations_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** The raw token, sealed in `secrets` (purpose invitation.token) until accepted or revoked. */
  @Column({ name: 'token_secret_id', type: 'uuid', nullable: true })
  tokenSecretId: string | null;

  @Column({ name: 'invited_by_user_id', type: 'uuid' })
  invitedByUserId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'accepted_by_user_id', type: 'uuid', nullable: true })
  acceptedByUserId: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
