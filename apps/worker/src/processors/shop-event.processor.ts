import { Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import { Job } from 'bull';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, ShopEventJob, workerConcurrency } from '#lb/queues';
import { ShopEventProcessor, x3OpenerFor } from '#lb/sync';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/** Our own sandbox (try mode) or ALLOW_PRIVATE_TARGETS: the only X3 base URLs that may be private. */
function privateTargetsFor(config: AppConfig): (baseUrl: string) => boolean {
  const sandbox = config.SANDBOX_URL?.replace(/\/$/, '');
  return (baseUrl) => config.ALLOW_PRIVATE_TARGETS === 'true' || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
}

/**
 * shop-event: one stored shop webhook (libs/sync/src/shop-intake) carried to X3 (an order) or to
 * Xero (a payment). Failures to reach either are recorded on the event and retried by a delayed
 * job the processor queues itself, so the job here completes.
 */
@Processor(QUEUES.sync)
export class ShopEventJobProcessor {
  private readonly processor: ShopEventProcessor;

  constructor(
    private readonly runner: TenantJobRunner,
    tx: TenantTransactions,
    secrets: SecretStore,
    jobs: JobProducer,
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

  @Process({ name: JOBS.sync.shopEvent, concurrency: workerConcurrency() })
  async handle(job: Job<ShopEventJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.eventId !== 'string') throw new PermanentJobError('shop-event needs eventId');
      await this.processor.handle(job.data.tenantId, job.data.eventId);
    });
  }
}
