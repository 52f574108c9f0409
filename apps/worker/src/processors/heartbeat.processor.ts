import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hostname } from 'node:os';
import { Queue } from 'bull';
import { AppMetrics } from '#lb/observability';
import { HEARTBEAT_EVERY_MS, JOBS, QUEUES, writeHeartbeat } from '#lb/queues';

/**
 * A repeatable system job any worker may take: each run records that a worker took a job from
 * Redis and finished it, which the api shows as the workers' status. Bull dedupes the repeat
 * schedule, so every worker registering it at start is harmless.
 */
@Processor(QUEUES.maintenance)
export class HeartbeatProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(HeartbeatProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly metrics: AppMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const name = JOBS.maintenance.heartbeat;
    await this.queue.add(
      name,
      {},
      { repeat: { every: HEARTBEAT_EVERY_MS }, jobId: 'heartbeat', removeOnComplete: true, removeOnFail: 10 },
    );
    await this.queue.add(name, {}, { removeOnComplete: true, removeOnFail: 10 }); // one now, not in 15 s
  }

  @Process(JOBS.maintenance.heartbeat)
  async beat(): Promise<void> {
    await writeHeartbeat(this.queue.client, { at: new Date().toISOString(), worker: `${hostname()}:${process.pid}` });
    this.metrics.jobOutcomes.inc({ queue: QUEUES.maintenance, job: JOBS.maintenance.heartbeat, outcome: 'completed' });
    this.logger.debug('heartbeat');
  }
}
