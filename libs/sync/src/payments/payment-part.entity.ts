import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * One Xero Payment written for one document an X3 payment settles (Xero pays one document per
 * Payment, so one X3 receipt over two invoices is two Xero Payments). The X3 payment itself has
 * one sync_cross_references row (entity 'payment', recorded once its whole set is in Xero); these
 * rows hold each part's own PaymentID, so a replay after a partly refused set never pays a landed
 * part again, and every Xero PaymentID stays unique without a second canonical entity name.
 */
@Entity({ name: 'sync_payment_parts' })
@Unique('uq_sync_payment_parts_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_payment_parts_part', ['tenantId', 'integrationId', 'paymentKey', 'partKey'])
@Unique('uq_sync_payment_parts_xero_id', ['tenantId', 'integrationId', 'xeroPaymentId'])
export class SyncPaymentPart extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The X3 payment NUM (the canonical payment's key). */
  @Column({ name: 'payment_key', type: 'text' })
  paymentKey: string;

  /** `invoice:FAC00017`, `bill:…`, `creditNote:…`: the settled document as a waiting key names it. */
  @Column({ name: 'part_key', type: 'text' })
  partKey: string;

  @Column({ name: 'xero_payment_id', type: 'text' })
  xeroPaymentId: string;

  /** The amount paid by this part (decimal text, the payment's currency). */
  @Column({ type: 'text' })
  amount: string;

  /**
   * The write batch it went in (for tracing a part back to what was sent); null for an allocation
   * made before (by the credit-notes flow or by hand) and taken as this part (payment-credit-check.ts).
   */
  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId: string | null;

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
