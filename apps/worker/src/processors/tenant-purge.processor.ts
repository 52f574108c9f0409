import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { SystemAccess, Tenant } from '#lb/database';
import { JobProducer, JOBS, QUEUES, TenantJob } from '#lb/queues';
import { TenantJobRunner } from '../runtime/tenant-job-runner';

const SWEEP_EVERY_MS = 3600_000;

/**
 * Removes deleted tenants once their retention period has passed: one DELETE of the tenant row,
 * which cascades to every tenant table (foreign keys are checked at statement end).
 */
@Processor(QUEUES.maintenance)
export class TenantPurgeProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(TenantPurgeProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly runner: TenantJobRunner,
    private readonly system: SystemAccess,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      JOBS.maintenance.purgeSweep,
      {},
      { repeat: { every: SWEEP_EVERY_MS }, jobId: 'tenant-purge-sweep', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process(JOBS.maintenance.purgeSweep)
  async sweep(): Promise<void> {
    for (const tenantId of await this.system.tenantsDueForPurge()) {
      await this.jobs.enqueue('maintenance', 'purge-tenant', { tenantId }, { jobId: `purge:${tenantId}` });
    }
  }

  @Process(JOBS.maintenance.purgeTenant)
  async purge(job: Job<TenantJob>): Promise<void> {
    if (!(await this.system.tenantExists(job.data.tenantId))) return; // already purged: a redelivery
    await this.runner.run(job, async (m) => {
      const tenant = await m.findOne(Tenant, { where: { id: job.data.tenantId } });
      if (tenant?.status !== 'deleting' || !tenant.purgeAfter || tenant.purgeAfter > new Date()) return;
      await m.delete(Tenant, { id: tenant.id });
      this.logger.log(`purged tenant ${tenant.id}`);
    });
  }
}
