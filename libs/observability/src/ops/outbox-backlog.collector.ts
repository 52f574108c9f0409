import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxStore } from '#lb/queues';
import { AppMetrics } from '../metrics';
import { withDeadline } from './request-redis';

/** A scrape does not wait longer than this for PostgreSQL. */
const BACKLOG_READ_MS = 2_000;

/**
 * Reads the outbox backlog (jobs committed but not yet in Redis) into the lb_outbox_* gauges at
 * scrape time. During a Redis outage this is the number that grows; when PostgreSQL cannot answer
 * in time the gauges are cleared and lb_outbox_backlog_read says 0, while every other metric is served.
 */
@Injectable()
export class OutboxBacklogCollector {
  private readonly logger = new Logger(OutboxBacklogCollector.name);
  private readonly store: OutboxStore;

  constructor(
    private readonly metrics: AppMetrics,
    dataSource: DataSource,
  ) {
    this.store = new OutboxStore(dataSource);
  }

  async collect(): Promise<void> {
    try {
      const { pending, oldestSeconds } = await withDeadline(this.store.backlog(), BACKLOG_READ_MS, 'PostgreSQL');
      this.metrics.outboxPending.set(pending);
      this.metrics.outboxOldestSeconds.set(oldestSeconds);
      this.metrics.outboxBacklogRead.set(1);
    } catch (error) {
      this.metrics.outboxPending.reset();
      this.metrics.outboxOldestSeconds.reset();
      this.metrics.outboxBacklogRead.set(0);
      this.logger.warn(`outbox backlog not read: ${(error as Error).message}`);
    }
  }
}
