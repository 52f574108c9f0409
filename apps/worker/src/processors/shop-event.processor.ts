import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, ShopEventJob, workerConcurrency } from '#lb/queues';
import { ShopEventProcessor, sweepShopEvents, x3OpenerFor } from '#lb/sync';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';
import { privateTargetsFor } from '../runtime/private-targets';

const SWEEP_EVERY_MS = 5 * 60_000;
/** The same switch as the sync sweep's: off in suites that drive every job themselves. */
const sweepEnabled = () => process.env.SYNC_SWEEP !== 'off';

/**
 * shop-event: one stored shop webhook (libs/sync/src/shop-intake) carried to X3 (an order) or to
 * Xero (a payment). Failures to reach either are recorded on the event and retried by a delayed
 * job the processor queues itself, so the job here completes. shop-sweep (every 5 minutes) queues
 * again the events whose job was lost (libs/sync/src/shop-intake/shop-retry-sweep.ts).
 */
@Processor(QUEUES.sync)
export class ShopEventJobProcessor implements OnApplicationBootstrap {
  private readonly processor: ShopEventProcessor;

  constructor(
    @InjectQueue(QUEUES.sync) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: TenantJobRunner,
    private readonly tx: TenantTransactions,
    secrets: SecretStore,
    private readonly jobs: JobProducer,
    @Inject(XERO_CONNECTOR) xero: XeroConnector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.processor = new ShopEventProcessor({
      tx,
      xero,
      jobs,
      openX3: x3OpenerFor(secrets, privateTargetsFor(config)),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!sweepEnabled()) return;
    await this.queue.add(
      JOBS.sync.shopSweep,
      {},
      { removeOnComplete: true, removeOnFail: 10, repeat: { every: SWEEP_EVERY_MS }, jobId: 'shop-sweep' },
    );
  }

  @Process({ name: JOBS.sync.shopSweep, concurrency: 1 })
  async sweep(): Promise<void> {
    if (!sweepEnabled()) return;
    await sweepShopEvents(this.dataSource, this.tx, this.jobs);
  }

  @Process({ name: JOBS.sync.shopEvent, concurrency: workerConcurrency() })
  async handle(job: Job<ShopEventJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.eventId !== 'string') throw new PermanentJobError('shop-event needs eventId');
      await this.processor.handle(job.data.tenantId, job.data.eventId);
    });
  }
}
