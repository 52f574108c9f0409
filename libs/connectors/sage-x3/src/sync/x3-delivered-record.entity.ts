import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { X3Connection } from '../entities/x3-connection.entity';

/**
 * The content hash last delivered per X3 record, per consumer (an integration or flow) of an X3
 * connection: the incremental reader delivers a record again only when its content differs. Kept
 * here and not in the cursor's JSON, and written by the consumer once it has accepted the change.
 */
@Entity({ name: 'x3_delivered_records' })
@Unique('uq_x3_delivered_records_tenant_id', ['tenantId', 'id'])
@Unique('uq_x3_delivered_records_key', ['tenantId', 'x3ConnectionId', 'consumer', 'entity', 'recordKey'])
export class X3DeliveredRecord extends TenantOwnedEntity {
  @Column({ name: 'x3_connection_id', type: 'uuid' })
  x3ConnectionId: string;

  /** Who the records are delivered to (an integration or flow id): each keeps its own state. */
  @Column({ type: 'text' })
  consumer: string;

  /** The connector's entity name (customer, salesInvoice...). */
  @Column({ type: 'text' })
  entity: string;

  /** X3's `_id` of the record. */
  @Column({ name: 'record_key', type: 'text' })
  recordKey: string;

  /** SHA-256 (hex) of the record as last delivered. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  /** Its _updateStamp then (for support and the periodic comparison). */
  @Column({ name: 'update_stamp', type: 'timestamptz' })
  updateStamp: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', default: () => 'now()' })
  deliveredAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => X3Connection, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'x3_connection_id', referencedColumnName: 'id' },
  ])
  connection?: X3Connection;
}
