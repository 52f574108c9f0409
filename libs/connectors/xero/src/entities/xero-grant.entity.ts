import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { SecretRecord, Tenant, TenantOwnedEntity } from '#lb/database';

export const XERO_GRANT_STATUSES = ['active', 'needs_reauth', 'revoked'] as const;
export type XeroGrantStatus = (typeof XERO_GRANT_STATUSES)[number];

/**
 * One authorisation = one token set (access, refresh, id token, expiry), kept encrypted in
 * `secrets` (purpose "xero.token_set"). Refresh is per grant; `refresh_fence` is the highest
 * Redis fencing token that stored a set, so a stalled former lock holder cannot overwrite.
 */
@Entity({ name: 'xero_grants' })
@Unique('uq_xero_grants_tenant_id', ['tenantId', 'id'])
@Index('ix_xero_grants_keepalive', ['status', 'refreshedAt'])
export class XeroGrant extends TenantOwnedEntity {
  @Column({ name: 'secret_id', type: 'uuid' })
  secretId: string;

  @Column({ type: 'text', default: 'active' })
  status: XeroGrantStatus;

  /** Our user who consented (null for grants made by a system flow). */
  @Column({ name: 'authorised_by_user_id', type: 'uuid', nullable: true })
  authorisedByUserId: string | null;

  /** Xero's user id (xero_userid claim) and the consent's authentication_event_id. */
  @Column({ name: 'xero_user_id', type: 'text', nullable: true })
  xeroUserId: string | null;

  @Column({ name: 'auth_event_id', type: 'text', nullable: true })
  authEventId: string | null;

  @Column({ type: 'text', default: '' })
  scopes: string;

  /** The Xero app (client id) the grant was issued to: only that app can refresh it, so sweeps skip others'. */
  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId: string | null;

  @Column({ name: 'access_expires_at', type: 'timestamptz' })
  accessExpiresAt: Date;

  @Column({ name: 'refreshed_at', type: 'timestamptz' })
  refreshedAt: Date;

  @Column({ name: 'refresh_fence', type: 'bigint', default: 0 })
  refreshFence: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // NO ACTION (checked at statement end), so purging a tenant can delete grants and secrets together.
  @ManyToOne(() => SecretRecord, { onDelete: 'NO ACTION' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'secret_id', referencedColumnName: 'id' },
  ])
  secret?: SecretRecord;
}
