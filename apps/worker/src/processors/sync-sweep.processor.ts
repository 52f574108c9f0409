import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { JobProducer, JOBS, QUEUES } from '#lb/queues';
import { FULL_SWEEP_EVERY_MS, SWEEP_EVERY_MS, SyncSweep } from '#lb/sync';

const FULL_SWEEP_KEY = 'lb:sync:sweep:full';

/**
 * Read from the environment directly, like WORKER_CONCURRENCY: Bull's decorators run before Nest
 * builds the config provider (the value is validated at start-up: SYNC_SWEEP in libs/config).
 */
const sweepEnabled = () => process.env.SYNC_SWEEP !== 'off';

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
    if (!sweepEnabled()) return;
    // A repeatable job is keyed by its period too: one left from a release with another period
    // would keep running beside this one.
    for (const r of await this.queue.getRepeatableJobs()) {
      if (r.name === JOBS.sync.sweep && Number(r.every) !== SWEEP_EVERY_MS)
        await this.queue.removeRepeatableByKey(r.key);
    }
    await this.queue.add(
      JOBS.sync.sweep,
      {},
      { repeat: { every: SWEEP_EVERY_MS }, jobId: 'sync-sweep', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process(JOBS.sync.sweep)
  async sweep(): Promise<void> {
    if (!sweepEnabled()) return;
    // The safety nets once per FULL_SWEEP_EVERY_MS across all workers: whoever takes the key.
    const full = (await this.queue.client.set(FULL_SWEEP_KEY, '1', 'PX', FULL_SWEEP_EVERY_MS, 'NX')) === 'OK';
    const { polls, xeroPolls, drains } = await this.sweeper.run({ full });
    if (polls || xeroPolls || drains)
      this.logger.debug(`sync sweep queued ${polls} X3 polls, ${xeroPolls} Xero polls and ${drains} drains`);
  }
}
