import { Column, Entity, JoinColumn, ManyToOne, Unique, UpdateDateColumn } from 'typeorm';
import { Tenant, TenantOwnedEntity } from '#lb/database';
import { Integration } from '#lb/integrations';

/**
 * When the sweep last queued a flow's X3 poll (and started its Xero poll chain), and when the poll
 * last compared the whole entity.
 * The sweep claims a due flow by moving `enqueued_at` (lb_sync_claim_due_polls, row-locked), so two
 * sweeps racing queue it once; `compared_at` paces the periodic comparison.
 */
@Entity({ name: 'sync_poll_schedules' })
@Unique('uq_sync_poll_schedules_tenant_id', ['tenantId', 'id'])
@Unique('uq_sync_poll_schedules_flow', ['tenantId', 'integrationId', 'flowKey'])
export class SyncPollSchedule extends TenantOwnedEntity {
  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'flow_key', type: 'text' })
  flowKey: string;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  /** When the sweep last started the flow's Xero poll chain (its first poll, or after a silence). */
  @Column({ name: 'xero_enqueued_at', type: 'timestamptz', nullable: true })
  xeroEnqueuedAt: Date | null;

  @Column({ name: 'compared_at', type: 'timestamptz', nullable: true })
  comparedAt: Date | null;

  /**
   * X3 polls of the flow that failed in a row (X3 down, refused, misconfigured): the sweep waits
   * the flow's interval times 2^failures (at most 30 minutes) before the next, so a tenant's dead
   * connection does not take the workers' poll slots from the others. A poll that works resets it.
   */
  @Column({ name: 'poll_failures', type: 'integer', default: 0 })
  pollFailures: number;

  /**
   * When the last failed poll was counted. One claim by the sweep counts at most one failure, so
   * Bull's retries of that poll (and a wide or "run now" poll beside it) do not multiply the backoff:
   * counted per attempt, a one-minute outage had grown the wait to 30 minutes after X3 was back.
   */
  @Column({ name: 'poll_failed_at', type: 'timestamptz', nullable: true })
  pollFailedAt: Date | null;

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
