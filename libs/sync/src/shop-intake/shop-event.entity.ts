import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { ShopConnection } from './shop-connection.entity';

export const SHOP_TOPICS = ['orders/create', 'orders/paid', 'orders/cancelled'] as const;
export type ShopTopic = (typeof SHOP_TOPICS)[number];

/**
 * received: stored, its job queued (or retrying: X3 or Xero did not answer);
 * waiting: a payment whose Xero invoice does not exist yet (waiting_on names it);
 * done: carried over; dead: refused for good (unknown SKU, X3's refusal), with the reason.
 */
export type ShopEventState = 'received' | 'waiting' | 'done' | 'dead';

/** The shop webhook inbox: one row per delivery id per connection, so a replay is stored once. */
@Entity({ name: 'shop_events' })
@Unique('uq_shop_events_tenant_id', ['tenantId', 'id'])
@Unique('uq_shop_events_webhook', ['tenantId', 'connectionId', 'webhookId'])
@Index('ix_shop_events_waiting_on', ['connectionId', 'waitingOn'], { where: `state = 'waiting'` })
// The retry sweep's cross-tenant scan (lb_shop_events_to_retry) looks only at received events.
@Index('ix_shop_events_received', ['updatedAt'], { where: `state = 'received'` })
export class ShopEvent extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  /** X-Shopify-Webhook-Id. */
  @Column({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  @Column({ type: 'text' })
  topic: ShopTopic;

  /** The shop's order id (as text: Shopify ids pass 2^53). */
  @Column({ name: 'shop_order_id', type: 'text' })
  shopOrderId: string;

  /** The order as the shop sent it (checked against its outline before it was stored). */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'received' })
  state: ShopEventState;

  @Column({ name: 'waiting_on', type: 'text', nullable: true })
  waitingOn: string | null;

  /** Why it is waiting or dead, or what it made (the X3 order, the Xero payment). */
  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** A worker processing it holds it until then (a lease, so a killed worker frees it). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => ShopConnection, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'connection_id', referencedColumnName: 'id' },
  ])
  connection?: ShopConnection;
}
