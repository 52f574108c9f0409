import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { XeroConnection } from './xero-connection.entity';

export const XERO_BATCH_STATUSES = ['pending', 'sending', 'ambiguous', 'done', 'failed'] as const;
export type XeroBatchStatus = (typeof XERO_BATCH_STATUSES)[number];

/** What happened to one record of a batch, in the order the records were sent. */
/** A written record's fields as Xero answered them (its contact by number and name only). */
export type XeroRecordSummary = Record<string, string | number | boolean | { contactNumber?: string; name?: string }>;

export interface XeroRecordOutcome {
  index: number;
  naturalKey: string | null;
  status: 'ok' | 'error';
  xeroId: string | null;
  messages: string[];
  /** Xero's UpdatedDateUTC of the record as this write left it (ISO instant), when Xero said. */
  updatedAt?: string | null;
  /** What Xero answered for the record (number, contact, totals, status): the sync's ledger copy. */
  summary?: XeroRecordSummary;
}

/**
 * A write batch (≤ 50 records) persisted with its exact payload and Idempotency-Key before it is
 * sent: a retry resends the same bytes under the same key, and after an ambiguous outcome the
 * records are looked up by natural key before anything is posted again.
 */
@Entity({ name: 'xero_write_batches' })
@Unique('uq_xero_write_batches_tenant_id', ['tenantId', 'id'])
@Unique('uq_xero_write_batches_key', ['idempotencyKey'])
@Index('ix_xero_write_batches_open', ['tenantId', 'connectionId', 'status'])
export class XeroWriteBatch extends TenantOwnedEntity {
  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  /** e.g. "invoices", "contacts", "credit-notes". */
  @Column({ type: 'text' })
  entity: string;

  /** "create" (PUT) or "upsert" (POST). */
  @Column({ type: 'text' })
  operation: string;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  /** The request body exactly as sent, e.g. {"Invoices":[...]}. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'record_count', type: 'int' })
  recordCount: number;

  @Column({ type: 'text', default: 'pending' })
  status: XeroBatchStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'jsonb', nullable: true })
  outcomes: XeroRecordOutcome[] | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @ManyToOne(() => XeroConnection, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'tenant_id', referencedColumnName: 'tenantId' },
    { name: 'connection_id', referencedColumnName: 'id' },
  ])
  connection?: XeroConnection;
}
