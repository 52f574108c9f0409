import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/** What an order of a shop customer X3 does not know yet is created with (X3 needs all three). */
export interface ShopCustomerDefaults {
  currency: string;
  taxRule: string;
  paymentTerm: string;
}

/**
 * One online shop sending its orders to an integration. The webhook URL carries this row's id
 * (unguessable, v4 UUID); the HMAC signing secret is sealed in `secrets` (purpose
 * `shop.webhook-secret`) and never leaves the api again after it is created.
 */
@Entity({ name: 'shop_connections' })
@Unique('uq_shop_connections_tenant_id', ['tenantId', 'id'])
export class ShopConnection extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  name: string;

  /** secrets.id of the sealed signing secret. */
  @Column({ name: 'secret_id', type: 'uuid' })
  secretId: string;

  /** The X3 sales site (SALFCY) the shop's orders are entered on; it belongs to the integration's company. */
  @Column({ name: 'sales_site', type: 'text' })
  salesSite: string;

  /** The Xero bank (or clearing) account code the shop's payments are received into. */
  @Column({ name: 'xero_payment_account', type: 'text' })
  xeroPaymentAccount: string;

  @Column({ name: 'customer_defaults', type: 'jsonb' })
  customerDefaults: ShopCustomerDefaults;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'integration_id', referencedColumnName: 'id' },
  ])
  integration?: Integration;
}
