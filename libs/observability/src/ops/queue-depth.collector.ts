import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bull';
import { QUEUES } from '#lb/queues';
import { AppMetrics } from '../metrics';

/** Reads each queue's job counts from Redis into the lb_queue_jobs gauge at scrape time. */
@Injectable()
export class QueueDepthCollector {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  async collect(): Promise<void> {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const counts = await queue.getJobCounts();
      for (const [state, value] of Object.entries(counts) as Array<[string, number]>)
        this.metrics.queueDepth.set({ queue: name, state }, value);
    }
  }
}
