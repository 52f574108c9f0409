import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobOptions, Queue } from 'bull';
import { JobPayloads } from './job-payloads';
import { QUEUES } from './queue-names';

export type QueueKey = keyof JobPayloads & keyof typeof QUEUES;
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
  constructor(private readonly moduleRef: ModuleRef) {
    super();
  }

  async enqueue<Q extends QueueKey, J extends JobKey<Q>>(
    queue: Q,
    job: J,
    payload: JobPayloads[Q][J],
    options: Pick<JobOptions, 'jobId' | 'delay' | 'priority'> = {},
  ): Promise<string> {
    const target = this.moduleRef.get<Queue>(getQueueToken(QUEUES[queue]), { strict: false });
    const added = await target.add(job, payload, options);
    return String(added.id);
  }
}
