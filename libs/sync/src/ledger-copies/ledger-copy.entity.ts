import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

export type LedgerSide = 'x3' | 'xero';
export type LedgerCopyEntity = 'invoice' | 'bill' | 'creditNote' | 'customer' | 'supplier' | 'product' | 'payment';

/**
 * The sync's local copy of one document or party as it last read or wrote it on one side, so a
 * reconciliation streams both sides from PostgreSQL (ordered by match key) instead of reading a
 * million documents back from Xero. One row per side and record; upserted per drain batch or page.
 */
@Entity({ name: 'recon_documents' })
@Unique('uq_recon_documents_tenant_id', ['tenantId', 'id'])
@Unique('uq_recon_documents_record', ['tenantId', 'integrationId', 'side', 'entity', 'recordKey'])
// the merge-join's order: keyset pages walk this index on each side
@Index('ix_recon_documents_match', ['tenantId', 'integrationId', 'entity', 'side', 'matchKey', 'recordKey'])
export class SyncLedgerCopy extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  side: LedgerSide;

  @Column({ type: 'text' })
  entity: LedgerCopyEntity;

  /** The record's own key on its side: the X3 key, or the Xero id. */
  @Column({ name: 'record_key', type: 'text' })
  recordKey: string;

  /** What both sides share: X3 NUM = Xero InvoiceNumber; a party's code = ContactNumber; a product's code. */
  // byte order ("C"): the merge-join compares keys in code-point order, as the index sorts them
  @Column({ name: 'match_key', type: 'text', collation: 'C' })
  matchKey: string;

  @Column({ type: 'text', nullable: true })
  counterparty: string | null;

  @Column({ name: 'document_date', type: 'date', nullable: true })
  documentDate: string | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  /** Decimal text, the document's currency. */
  @Column({ type: 'text', nullable: true })
  total: string | null;

  @Column({ name: 'amount_due', type: 'text', nullable: true })
  amountDue: string | null;

  /** In Xero's vocabulary (authorised, paid, voided …), whichever side it came from. */
  @Column({ type: 'text', nullable: true })
  status: string | null;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;

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
