import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { BillingSync, StripeUnavailableError } from '#lb/billing';
import { SystemAccess } from '#lb/database';
import { JOBS, QUEUES, StripeEventJob } from '#lb/queues';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/** How often the billing standing is re-applied (BILLING_SWEEP_EVERY_MS: tests run it faster). */
const sweepEveryMs = () => Number(process.env.BILLING_SWEEP_EVERY_MS) || 5 * 60_000;
/** BILLING_SWEEP=on|off; unset, the sync sweep's switch (off in suites that drive every job themselves). */
const sweepEnabled = () =>
  process.env.BILLING_SWEEP ? process.env.BILLING_SWEEP !== 'off' : process.env.SYNC_SWEEP !== 'off';

/**
 * stripe-event: the tenant's subscription re-read from Stripe and put in force, the event marked
 * processed with it (a re-run finds it done). Stripe down throws, so the maintenance queue's backoff
 * retries. billing-sweep (repeatable, one jobId): a trial or grace period that ended pauses flows.
 */
@Processor(QUEUES.maintenance)
export class BillingProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly runner: TenantJobRunner,
    private readonly billing: BillingSync,
    private readonly system: SystemAccess,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!sweepEnabled()) return;
    await this.queue.add(
      JOBS.maintenance.billingSweep,
      {},
      { repeat: { every: sweepEveryMs() }, jobId: 'billing-sweep', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process({ name: JOBS.maintenance.stripeEvent, concurrency: 2 })
  async event(job: Job<StripeEventJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      const id = job.data?.stripeEventId;
      if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]{1,120}$/.test(id))
        throw new PermanentJobError('stripe-event needs stripeEventId');
      try {
        await this.billing.processEvent(job.data.tenantId, id);
      } catch (e) {
        // Stripe refusing our key or the customer is not cured by a retry soon; down is.
        if (e instanceof StripeUnavailableError && e.refused) throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }

  @Process({ name: JOBS.maintenance.billingSweep, concurrency: 1 })
  async sweep(): Promise<void> {
    for (const tenantId of await this.system.activeTenantIds()) {
      try {
        await this.billing.enforce(tenantId);
      } catch (e) {
        this.logger.warn({ err: e, tenantId }, 'billing standing not applied; the next sweep retries');
      }
    }
  }
}
