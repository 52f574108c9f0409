import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * The allocation of one X3 credit memo to the invoice (or bill) it credits, in Xero: a Xero
 * Allocation on the credit note (PUT /CreditNotes/{id}/Allocations). One row per credit memo; the
 * Idempotency-Key is stored before the call (a resend after an unclear outcome reuses it), and the
 * row turns 'done' with Xero's AllocationID in the transaction that settles the allocation, so a
 * re-drain, a resend or an unchanged credit memo never allocates twice.
 */
@Entity({ name: 'sync_credit_allocations' })
@Unique('uq_sync_credit_allocations_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_credit_allocations_note', ['tenantId', 'integrationId', 'creditNoteKey'])
export class SyncCreditAllocation extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  /** The X3 credit memo (the canonical credit note's key). */
  @Column({ name: 'credit_note_key', type: 'text' })
  creditNoteKey: string;

  /** The credited document as a waiting key names it: `invoice:FAC00017` or `bill:PIH00042`. */
  @Column({ name: 'document_key', type: 'text' })
  documentKey: string;

  /**
   * open: not allocated yet; done: allocated (or nothing to allocate); held: for an accountant;
   * dead: Xero refused it. Only an open one is queued again by its credit memo (a replay retries the others).
   */
  @Column({ type: 'text', default: 'open' })
  state: 'open' | 'done' | 'held' | 'dead';

  /** Sent with the allocation; a new one only after Xero refused (nothing was allocated). */
  @Column({ name: 'idempotency_key', type: 'uuid' })
  idempotencyKey: string;

  @Column({ name: 'xero_allocation_id', type: 'text', nullable: true })
  xeroAllocationId: string | null;

  /** The amount allocated (decimal text, the credit note's currency). */
  @Column({ type: 'text', nullable: true })
  amount: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

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
