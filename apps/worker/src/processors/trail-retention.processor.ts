import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { JOBS, QUEUES } from '#lb/queues';
import { TrailRetention } from '#lb/sync';

/** How often expired trail rows are purged (TRAIL_RETENTION_EVERY_MS: tests run it faster). */
const everyMs = () => Number(process.env.TRAIL_RETENTION_EVERY_MS) || 3600_000;

/**
 * trail-retention (repeatable, one jobId, so one run an hour however many workers there are):
 * every tenant's record-trail events, drain runs and dead-letter payloads older than
 * LB_TRAIL_RETENTION_DAYS are removed in batches of 5,000, one tenant transaction each.
 */
@Processor(QUEUES.maintenance)
export class TrailRetentionProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(TrailRetentionProcessor.name);
  private readonly retention: TrailRetention;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    tx: TenantTransactions,
    system: SystemAccess,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retention = new TrailRetention(tx, system, config.LB_TRAIL_RETENTION_DAYS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      JOBS.maintenance.trailRetention,
      {},
      { repeat: { every: everyMs() }, jobId: 'trail-retention', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process({ name: JOBS.maintenance.trailRetention, concurrency: 1 })
  async purge(): Promise<void> {
    const c = await this.retention.purgeAll();
    if (c.events || c.runs || c.deadLetterPayloads) {
      this.logger.log(
        `trail retention: ${c.events} events, ${c.runs} runs, ${c.deadLetterPayloads} dead-letter payloads`,
      );
    }
  }
}
