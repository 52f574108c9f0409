import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bull';
import { QUEUES } from '#lb/queues';
import { AppMetrics } from '../metrics';
import { REQUEST_REDIS_COMMAND_MS, withDeadline } from './request-redis';

/**
 * Reads each queue's job counts from Redis into the lb_queue_jobs gauge at scrape time. A scrape
 * never waits on Redis for long: when Bull's client is not connected the read is skipped, and a
 * read that does not answer in time is abandoned. Either way the queue gauges are cleared (no stale
 * numbers) and lb_queue_depth_read says 0, while every other metric is still served.
 */
@Injectable()
export class QueueDepthCollector {
  private readonly logger = new Logger(QueueDepthCollector.name);

  constructor(
    private readonly metrics: AppMetrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  async collect(): Promise<void> {
    try {
      const counts = await withDeadline(
        Promise.all(Object.values(QUEUES).map((name) => this.read(name))),
        REQUEST_REDIS_COMMAND_MS,
        'Redis',
      );
      this.metrics.queueDepth.reset();
      for (const [name, byState] of counts)
        for (const [state, value] of Object.entries(byState))
          this.metrics.queueDepth.set({ queue: name, state }, value);
      this.metrics.queueDepthRead.set(1);
    } catch (error) {
      this.metrics.queueDepth.reset();
      this.metrics.queueDepthRead.set(0);
      this.logger.warn(`queue depths not read: ${(error as Error).message}`);
    }
  }

  private async read(name: string): Promise<[string, Record<string, number>]> {
    const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    // Bull's client queues commands while disconnected; a scrape must not add to that backlog.
    if (queue.client.status !== 'ready') throw new Error(`Redis is not connected (${queue.client.status})`);
    return [name, (await queue.getJobCounts()) as unknown as Record<string, number>];
  }
}
