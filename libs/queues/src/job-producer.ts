import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { JobOptions, Queue } from 'bull';
import { JobPayloads } from './job-payloads';
import { QUEUES } from './queue-names';

export type QueueKey = keyof JobPayloads;
export type JobKey<Q extends QueueKey> = keyof JobPayloads[Q] & string;

/** The one way application code enqueues work; typed so a payload always matches its job. */
export abstract class JobProducer {
  abstract enqueue<Q extends QueueKey, J extends JobKey<Q>>(
    queue: Q,
    job: J,
    payload: JobPayloads[Q][J],
    options?: Pick<JobOptions, 'jobId' | 'delay' | 'priority'>,
  ): Promise<string>;
}

@Injectable()
export class BullJobProducer extends JobProducer {
  private readonly queues: Record<QueueKey, Queue>;

  constructor(
    @InjectQueue(QUEUES.diagnostics) diagnostics: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
  ) {
    super();
    this.queues = { diagnostics, maintenance };
  }

  async enqueue<Q extends QueueKey, J extends JobKey<Q>>(
    queue: Q,
    job: J,
    payload: JobPayloads[Q][J],
    options: Pick<JobOptions, 'jobId' | 'delay' | 'priority'> = {},
  ): Promise<string> {
    const added = await this.queues[queue].add(job, payload, options);
    return String(added.id);
  }
}
