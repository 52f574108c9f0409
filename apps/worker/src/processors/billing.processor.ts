import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { BillingSync, StripeEventStore, StripeUnavailableError } from '#lb/billing';
import { SystemAccess } from '#lb/database';
import { JOBS, QUEUES, StripeEventJob } from '#lb/queues';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/** How often the billing standing is re-applied (BILLING_SWEEP_EVERY_MS: tests run it faster). */
const sweepEveryMs = () => Number(process.env.BILLING_SWEEP_EVERY_MS) || 5 * 60_000;
/** Events and cancellations retried per sweep; the rest wait for the next one. */
const SWEEP_RETRIES = 50;
/** A routed event unprocessed this long is retried by the sweep (BILLING_EVENT_STALE_SECONDS: tests wait less). */
const staleEventSeconds = () => Number(process.env.BILLING_EVENT_STALE_SECONDS) || 600;
/** BILLING_SWEEP=on|off; unset, the sync sweep's switch (off in suites that drive every job themselves). */
const sweepEnabled = () =>
  process.env.BILLING_SWEEP ? process.env.BILLING_SWEEP !== 'off' : process.env.SYNC_SWEEP !== 'off';

/**
 * stripe-event: the tenant's subscription re-read from Stripe and put in force, the event marked
 * processed with it (a re-run finds it done). Stripe down throws, so the maintenance queue's backoff
 * retries. billing-sweep (repeatable, one jobId): a trial or grace period that ended pauses flows,
 * a month that rolled over lifts the fair-use pause, and what Stripe left undone is tried again.
 */
@Processor(QUEUES.maintenance)
export class BillingProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly runner: TenantJobRunner,
    private readonly billing: BillingSync,
    private readonly system: SystemAccess,
    private readonly events: StripeEventStore,
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
    await this.retryEvents();
    await this.retryCancels();
  }

  /**
   * Stripe events nobody processed: those stored before their customer was known (routed now that
   * a tenant holds it) and those whose job was lost or gave up while Stripe was down. Processed
   * here, once each (a processed event is not done again).
   */
  private async retryEvents(): Promise<void> {
    for (const e of await this.events.toRetry(SWEEP_RETRIES, staleEventSeconds())) {
      try {
        await this.billing.processEvent(e.tenantId, e.id);
      } catch (err) {
        this.logger.warn(
          { err, tenantId: e.tenantId, eventId: e.id },
          'Stripe event not processed; the next sweep retries',
        );
      }
    }
  }

  /** Off-boarding cancellations Stripe has not confirmed (it was down when the tenant left). */
  private async retryCancels(): Promise<void> {
    for (const tenantId of await this.events.pendingCancels(SWEEP_RETRIES)) {
      try {
        await this.billing.confirmCancel(tenantId);
      } catch (err) {
        this.logger.warn({ err, tenantId }, 'subscription not cancelled at Stripe yet; the next sweep retries');
      }
    }
  }
}
