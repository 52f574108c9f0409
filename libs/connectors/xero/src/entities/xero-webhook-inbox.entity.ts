import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type XeroInboxStatus = 'received' | 'routed' | 'unrouted';

/**
 * GLOBAL table (no tenant_id, no RLS): webhook events are stored before we know whose they are.
 * The runtime role has no privileges on it; it is written and read only through the SECURITY
 * DEFINER functions lb_xero_inbox_receive (a whole delivery, XeroInboxReceive migration) and
 * lb_xero_inbox_store / lb_xero_inbox_mark (XeroTenancy, SystemDoorGrants migrations).
 */
@Entity({ name: 'xero_webhook_inbox' })
@Unique('uq_xero_webhook_inbox_event', ['xeroTenantId', 'eventCategory', 'resourceId', 'eventType', 'eventDateUtc'])
@Index('ix_xero_webhook_inbox_status', ['status', 'receivedAt'])
export class XeroWebhookInbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'xero_tenant_id', type: 'text' })
  xeroTenantId: string;

  @Column({ name: 'event_category', type: 'text' })
  eventCategory: string;

  @Column({ name: 'resource_id', type: 'text' })
  resourceId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  /** Exactly as Xero sent it (no zone suffix); part of the dedupe key. */
  @Column({ name: 'event_date_utc', type: 'text' })
  eventDateUtc: string;

  @Column({ name: 'resource_url', type: 'text', nullable: true })
  resourceUrl: string | null;

  @Column({ name: 'tenant_type', type: 'text', nullable: true })
  tenantType: string | null;

  @Column({ type: 'text', default: 'received' })
  status: XeroInboxStatus;

  @Column({ name: 'routed_tenant_id', type: 'uuid', nullable: true })
  routedTenantId: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'routed_at', type: 'timestamptz', nullable: true })
  routedAt: Date | null;
}
