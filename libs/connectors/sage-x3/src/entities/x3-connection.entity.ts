import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { SecretRecord, Tenant, TenantOwnedEntity } from '#lb/database';

export type X3ConnectionStatus = 'untested' | 'ok' | 'failing';

/**
 * One Sage X3 folder a tenant connected. Non-secret settings are columns; the secret (JWT client
 * secret or Basic password) lives in `secrets`, sealed and bound to this tenant and row.
 */
@Entity({ name: 'x3_connections' })
@Unique('uq_x3_connections_tenant_id', ['tenantId', 'id'])
export class X3Connection extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl: string;

  /** The X3 endpoint (folder) sent as x-xtrem-endpoint. */
  @Column({ type: 'text' })
  endpoint: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  companies: string[];

  @Column({ name: 'auth_mode', type: 'text' })
  authMode: 'jwt' | 'basic';

  /** JWT: the connected application's client id (not secret). */
  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId: string | null;

  /** JWT: the X3 user the token names; Basic: the user name. */
  @Column({ name: 'x3_user', type: 'text' })
  x3User: string;

  @Column({ name: 'secret_id', type: 'uuid' })
  secretId: string;

  /** PEM of a private CA for self-signed on-premise servers (public material). */
  @Column({ name: 'ca_pem', type: 'text', nullable: true })
  caPem: string | null;

  @Column({ name: 'max_concurrency', type: 'int', default: 4 })
  maxConcurrency: number;

  /** A sandbox folder created by "try with the sandbox" (its control token is a secret too). */
  @Column({ name: 'is_sandbox', type: 'boolean', default: false })
  isSandbox: boolean;

  @Column({ type: 'text', default: 'untested' })
  status: X3ConnectionStatus;

  @Column({ name: 'last_tested_at', type: 'timestamptz', nullable: true })
  lastTestedAt: Date | null;

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
