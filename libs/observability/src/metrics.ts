import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ConnectorMetrics, SyncMetrics } from './connector-metrics';

/** One registry per process with the product's metrics; exposed on a non-public /metrics. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly jobOutcomes = new Counter({
    name: 'lb_jobs_total',
    help: 'Jobs finished by the worker, by queue, job name and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'lb_job_duration_seconds',
    help: 'Time a job spent in its processor',
    labelNames: ['queue', 'job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });

  readonly jobWait = new Histogram({
    name: 'lb_job_wait_seconds',
    help: 'Time a job waited in its queue, from when it was due (enqueued, or its delay ran out) to when a worker started it',
    labelNames: ['queue', 'job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly partBatches = new Counter({
    name: 'lb_sync_part_batches_total',
    help: 'Xero drains that sent fewer records than a batch (each costs a call a full batch would share), by why they did not wait',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'lb_queue_jobs',
    help: 'Jobs in each queue by state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly queueDepthRead = new Gauge({
    name: 'lb_queue_depth_read',
    help: 'Whether this scrape could read the queue depths from Redis (1) or not (0)',
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'lb_outbox_pending_jobs',
    help: 'Jobs committed to job_outbox and not yet in Redis (all lanes), read from PostgreSQL at scrape time',
    registers: [this.registry],
  });

  readonly outboxOldestSeconds = new Gauge({
    name: 'lb_outbox_oldest_pending_seconds',
    help: 'Age of the oldest job still waiting in job_outbox (0 when none): a growing value means jobs are not reaching Redis',
    registers: [this.registry],
  });

  readonly outboxBacklogRead = new Gauge({
    name: 'lb_outbox_backlog_read',
    help: 'Whether this scrape could read the outbox backlog from PostgreSQL (1) or not (0)',
    registers: [this.registry],
  });

  readonly connectors = new ConnectorMetrics(this.registry);
  readonly sync = new SyncMetrics(this.registry);

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
