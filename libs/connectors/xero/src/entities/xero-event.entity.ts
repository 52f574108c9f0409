import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { XeroConnection } from './xero-connection.entity';

/** 'queued': handed to the sync engine as pending changes (the drain fetches the resource). */
export type XeroEventStatus = 'pending' | 'queued' | 'fetched' | 'not_found' | 'skipped' | 'failed';

/** A webhook event once routed to its tenant: the worker's job carries only this row's id. */
@Entity({ name: 'xero_events' })
@Unique('uq_xero_events_tenant_id', ['tenantId', 'id'])
@Unique('uq_xero_events_inbox', ['tenantId', 'inboxId'])
export class XeroEvent extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ name: 'inbox_id', type: 'uuid' })
  inboxId: string;

  @Column({ name: 'event_category', type: 'text' })
  eventCategory: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId: string;

  @Column({ name: 'event_date_utc', type: 'text' })
  eventDateUtc: string;

  @Column({ type: 'text', default: 'pending' })
  status: XeroEventStatus;

  /** What the targeted fetch found (e.g. the resource's UpdatedDateUTC), never secrets. */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => XeroConnection, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'connection_id', referencedColumnName: 'id' },
  ])
  connection?: XeroConnection;
}
