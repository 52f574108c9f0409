import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobOptions } from 'bull';
import { DataSource, EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { JobPayloads } from './job-payloads';
import { OUTBOX_LANE } from './outbox/outbox-lane';
import { OutboxJob, OutboxStore } from './outbox/outbox-store';
import { QUEUES } from './queue-names';

export type QueueKey = keyof JobPayloads & keyof typeof QUEUES;
export type JobKey<Q extends QueueKey> = keyof JobPayloads[Q] & string;
export type EnqueueOptions = Pick<JobOptions, 'jobId' | 'delay' | 'priority'>;

/**
 * The one way application code hands work to a queue; typed so a payload always matches its job.
 * Every job goes through the transactional outbox: pass the transaction (`within`) whose commit
 * should make the job exist, and it exists exactly when that commit does. The outbox relay moves
 * it to Bull, so a Redis outage or a crash after the commit never strands it.
 */
export abstract class JobProducer {
  abstract enqueue<Q extends QueueKey, J extends JobKey<Q>>(
    queue: Q,
    job: J,
    payload: JobPayloads[Q][J],
    options?: EnqueueOptions,
    within?: EntityManager,
  ): Promise<void>;
}

@Injectable()
export class OutboxJobProducer extends JobProducer {
  private readonly store: OutboxStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TenantTransactions,
    @Inject(OUTBOX_LANE) private readonly lane: string,
  ) {
    super();
    this.store = new OutboxStore(dataSource);
  }

  async enqueue<Q extends QueueKey, J extends JobKey<Q>>(
    queue: Q,
    job: J,
    payload: JobPayloads[Q][J],
    options: EnqueueOptions = {},
    within?: EntityManager,
  ): Promise<void> {
    const data = payload as Record<string, unknown>;
    const tenantId = typeof data.tenantId === 'string' ? data.tenantId : null;
    const row: OutboxJob = {
      lane: this.lane,
      tenantId,
      queue: QUEUES[queue],
      job,
      payload: data,
      jobId: options.jobId === undefined ? undefined : String(options.jobId),
      priority: options.priority,
      delayMs: options.delay,
    };
    if (within) return this.store.insert(within, [row]);
    // On its own: a short transaction in the job's tenant (RLS checks the row is that tenant's).
    if (tenantId) return this.tx.run(tenantId, (m) => this.store.insert(m, [row]));
    return this.dataSource.transaction((m) => this.store.insert(m, [row]));
  }
}
