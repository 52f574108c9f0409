import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: every job any process hands to a queue is first a row here, written
 * in the same transaction as the state that calls for it. The relay (OutboxRelay) adds the row's
 * job to Bull and only then deletes the row, so no committed work is stranded by a Redis outage or
 * a crash between the two steps. Rows carry ids only (like job payloads), never data or secrets.
 *
 * Global bookkeeping with a tenant column: a tenant transaction may insert and see only its own
 * tenant's rows (or tenant-less system jobs); the relay claims across tenants only through the
 * SECURITY DEFINER functions lb_job_outbox_claim / _done / _release (see the JobOutbox migration).
 */
@Entity({ name: 'job_outbox' })
@Index('ix_job_outbox_claimable', ['claimedUntil', 'id'])
@Index('ix_job_outbox_lane', ['lane', 'claimedUntil', 'id'])
export class JobOutboxRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  /** The Redis the job is for (outboxLane): only relays on that Redis take it. */
  @Column({ type: 'text', default: 'default' })
  lane: string;

  @Column({ name: 'queue_name', type: 'text' })
  queueName: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Bull's jobId: a job already in the queue under this id is not added twice. */
  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId: string | null;

  @Column({ type: 'integer', nullable: true })
  priority: number | null;

  /** When the job may run (Bull's delay is counted from here, not from when the relay adds it). */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  /** A relay's lease: another relay may take the row once it has passed (the holder died). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
