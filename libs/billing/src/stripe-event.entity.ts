import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * GLOBAL table (no tenant_id): a Stripe event is stored before we know whose it is. The runtime
 * role has no privileges on it; it is reached only through the lb_stripe_event_* SECURITY DEFINER
 * functions (migration BillingTenancy), each answering one question.
 */
@Entity({ name: 'stripe_events' })
@Index('ix_stripe_events_unprocessed', ['receivedAt'], { where: 'processed_at IS NULL' })
export class StripeEvent {
  /** Stripe's evt_… id: a redelivery is the same row. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  /** The Stripe customer the event concerns (data.object.customer, or the customer itself). */
  @Column({ name: 'customer_id', type: 'text', nullable: true })
  customerId: string | null;

  /** The tenant the event was routed to, once known. */
  @Column({ name: 'routed_tenant_id', type: 'uuid', nullable: true })
  routedTenantId: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;
}
