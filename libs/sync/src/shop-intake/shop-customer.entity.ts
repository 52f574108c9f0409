import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { ShopConnection } from './shop-connection.entity';

/** A shop customer and the X3 customer (BPCNUM) their orders are entered for. */
@Entity({ name: 'shop_customers' })
@Unique('uq_shop_customers_tenant_id', ['tenantId', 'id'])
@Unique('uq_shop_customers_customer', ['tenantId', 'connectionId', 'shopCustomerId'])
export class ShopCustomer extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @Column({ name: 'shop_customer_id', type: 'text' })
  shopCustomerId: string;

  @Column({ name: 'x3_customer', type: 'text' })
  x3Customer: string;

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
