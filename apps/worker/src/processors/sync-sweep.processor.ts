import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { JobProducer, JOBS, QUEUES } from '#lb/queues';
import { SWEEP_EVERY_MS, SyncSweep } from '#lb/sync';

/**
 * The sync sweep, a Bull repeatable job (keyed, so one per period however many workers run):
 * queues X3 polls that are due, starts Xero poll chains that never ran or went silent, and drains
 * for flows whose trigger was lost. It sees ids only.
 */
@Processor(QUEUES.sync)
export class SyncSweepProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncSweepProcessor.name);
  private readonly sweeper: SyncSweep;

  constructor(
    @InjectQueue(QUEUES.sync) private readonly queue: Queue,
    @InjectDataSource() dataSource: DataSource,
    jobs: JobProducer,
  ) {
    this.sweeper = new SyncSweep(dataSource, jobs);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      JOBS.sync.sweep,
      {},
      { repeat: { every: SWEEP_EVERY_MS }, jobId: 'sync-sweep', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process(JOBS.sync.sweep)
  async sweep(): Promise<void> {
    const { polls, xeroPolls, drains } = await this.sweeper.run();
    if (polls || xeroPolls || drains)
      this.logger.debug(`sync sweep queued ${polls} X3 polls, ${xeroPolls} Xero polls and ${drains} drains`);
  }
}
