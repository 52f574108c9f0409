import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '#lb/mapping';

/**
 * matched: paired before the first write (first-connection matching) or read from the other side;
 * written: we wrote the Xero (or X3) side; archived: kept for history after the integration was
 * re-pointed, never used to decide a write again; merged: an order's (or delivery's) Xero draft that
 * the posted X3 invoice took over or deleted (drain/draft-matches.ts; xero_natural_key = that X3
 * invoice): the order writes to it no more.
 */
export type CrossReferenceState = 'matched' | 'written' | 'archived' | 'merged';

/**
 * One record's identity on both sides for an integration: X3 key ↔ Xero id, with the hash of the
 * canonical snapshot last written or read, so an unchanged record (or our own echo) costs no write.
 */
@Entity({ name: 'sync_cross_references' })
@Unique('uq_sync_cross_references_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_cross_references_x3_key', ['tenantId', 'integrationId', 'entity', 'x3Key'])
@Unique('uq_sync_cross_references_xero_id', ['tenantId', 'integrationId', 'entity', 'xeroId'])
export class SyncCrossReference extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ type: 'text' })
  entity: CanonicalEntity;

  /** BPCNUM, ITMREF, invoice NUM … as the canonical record's `key`. */
  @Column({ name: 'x3_key', type: 'text' })
  x3Key: string;

  /** ContactID, InvoiceID … (text: tax rates have no GUID); null until the Xero side exists. */
  @Column({ name: 'xero_id', type: 'text', nullable: true })
  xeroId: string | null;

  /** ContactNumber, InvoiceNumber, Reference …: what matching and unclear outcomes check. */
  @Column({ name: 'xero_natural_key', type: 'text', nullable: true })
  xeroNaturalKey: string | null;

  /** canonicalContentHash of the snapshot last written or read (hex SHA-256). */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  /** The mapping version that produced the last write; null for a match or a read. */
  @Column({ name: 'mapping_version', type: 'integer', nullable: true })
  mappingVersion: number | null;

  /**
   * Xero's UpdatedDateUTC of its side as we last wrote or read it (Xero's own clock): a Xero
   * record not newer than this is our own write coming back, never a change to carry to X3.
   */
  @Column({ name: 'xero_updated_at', type: 'timestamptz', nullable: true })
  xeroUpdatedAt: Date | null;

  /**
   * Both-ways customers and suppliers only: the X3 record as last synced (written to Xero, or
   * written into X3 from Xero). The base of a three-way merge: a change sends only the fields its
   * side edited since, so an edit the other side made meanwhile is never written over
   * (drain/both-ways-delta.ts, x3-writer/conflict-merge.ts). Null: unknown, whole records go.
   */
  @Column({ name: 'x3_snapshot', type: 'jsonb', nullable: true })
  x3Snapshot: Record<string, unknown> | null;

  @Column({ name: 'last_written_at', type: 'timestamptz', nullable: true })
  lastWrittenAt: Date | null;

  @Column({ type: 'text' })
  state: CrossReferenceState;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // Cross-references belong to their integration: removing it removes them.
  @ManyToOne(() => Integration, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'integration_id', referencedColumnName: 'id' },
  ])
  integration?: Integration;
}
