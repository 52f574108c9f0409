import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { XeroConnection } from '#lb/connectors/xero';
import { X3Connection } from '#lb/connectors/sage-x3';

export type IntegrationStatus = 'active' | 'paused';

/**
 * A pair: one Xero organisation with one X3 folder and company. Mappings, flows and
 * cross-references belong to an integration. Both foreign keys are composite on (tenant_id, id),
 * so a row can never point at another tenant's connection.
 */
@Entity({ name: 'integrations' })
@Unique('uq_integrations_tenant_id', ['tenantId', 'id'])
@Index('uq_integrations_pair', ['tenantId', 'xeroConnectionId', 'x3ConnectionId', 'x3Company'], { unique: true })
// One integration per Xero organisation: two would write every record into it twice. The service
// answers 409 first; this closes the race of two creates (or re-points) at once.
@Index('uq_integrations_xero_connection', ['tenantId', 'xeroConnectionId'], { unique: true })
export class Integration extends TenantOwnedEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'xero_connection_id', type: 'uuid' })
  xeroConnectionId: string;

  @Column({ name: 'x3_connection_id', type: 'uuid' })
  x3ConnectionId: string;

  /** The X3 company (CPY) whose ledger this Xero organisation mirrors. */
  @Column({ name: 'x3_company', type: 'text' })
  x3Company: string;

  @Column({ type: 'text', default: 'active' })
  status: IntegrationStatus;

  /**
   * Why sync is paused ('reauthorisation', 'billing', 'user' …): flows run only while the set is
   * empty. Pausing stops sync only; token keep-alive, webhook acknowledgement and cursors go on.
   */
  @Column({ name: 'pause_reasons', type: 'text', array: true, default: () => "'{}'" })
  pauseReasons: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // NO ACTION (checked at statement end): a tenant purge deletes both sides in one statement.
  @ManyToOne(() => XeroConnection, { onDelete: 'NO ACTION' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'xero_connection_id', referencedColumnName: 'id' },
  ])
  xeroConnection?: XeroConnection;

  @ManyToOne(() => X3Connection, { onDelete: 'NO ACTION' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'x3_connection_id', referencedColumnName: 'id' },
  ])
  x3Connection?: X3Connection;
}

export const INTEGRATION_ENTITIES = [Integration];
