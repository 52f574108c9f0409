import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { ShopConnection } from './shop-connection.entity';

/**
 * A shop order and the X3 sales order (SOHNUM) made of it: unique per connection and shop order,
 * so the same order never makes two X3 orders. The row is written before X3 is asked (x3_order
 * null = asked, answer not recorded) so that a crash between X3's answer and our record finds the
 * order in X3 by its customer order reference instead of entering it again.
 */
@Entity({ name: 'shop_orders' })
@Unique('uq_shop_orders_tenant_id', ['tenantId', 'id'])
@Unique('uq_shop_orders_order', ['tenantId', 'connectionId', 'shopOrderId'])
export class ShopOrder extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ name: 'shop_order_id', type: 'text' })
  shopOrderId: string;

  /** The X3 sales order (SOHNUM). */
  @Column({ name: 'x3_order', type: 'text', nullable: true })
  x3Order: string | null;

  @Column({ name: 'x3_customer', type: 'text', nullable: true })
  x3Customer: string | null;

  /** The persisted Xero batch (Idempotency-Key) of the payment, named before it is sent. */
  @Column({ name: 'payment_batch_id', type: 'uuid', nullable: true })
  paymentBatchId: string | null;

  /** The Xero Payment made when the shop reported the order paid. */
  @Column({ name: 'xero_payment_id', type: 'text', nullable: true })
  xeroPaymentId: string | null;

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
