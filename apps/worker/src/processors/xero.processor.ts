import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { XeroWebhookIntake } from '#lb/sync';
import { isXeroCallError, XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, workerConcurrency, XeroEventJob, XeroGrantJob } from '#lb/queues';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

const KEEP_ALIVE_EVERY_MS = 6 * 3600_000;
const REROUTE_EVERY_MS = 60_000;

/**
 * Xero work: routed webhook events (handed to the sync engine as pending changes), token
 * keep-alive for idle grants (a repeatable sweep that enqueues one refresh per grant) and
 * re-routing of inbox events a crashed api stored but never routed. The Xero calls happen outside any transaction; the
 * runner only checks the tenant and re-enters its context.
 */
@Processor(QUEUES.xero)
export class XeroProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(XeroProcessor.name);
  private readonly intake: XeroWebhookIntake;

  constructor(
    @InjectQueue(QUEUES.xero) private readonly queue: Queue,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly runner: TenantJobRunner,
    private readonly system: SystemAccess,
    private readonly jobs: JobProducer,
    tx: TenantTransactions,
  ) {
    this.intake = new XeroWebhookIntake(tx, jobs);
  }

  async onApplicationBootstrap(): Promise<void> {
    const opts = { removeOnComplete: true, removeOnFail: 10 };
    await this.queue.add(
      JOBS.xero.keepAlive,
      {},
      { ...opts, repeat: { every: KEEP_ALIVE_EVERY_MS / this.xero.settings.clockScale }, jobId: 'xero-keep-alive' },
    );
    await this.queue.add(
      JOBS.xero.reroute,
      {},
      { ...opts, repeat: { every: REROUTE_EVERY_MS }, jobId: 'xero-reroute' },
    );
  }

  @Process({ name: JOBS.xero.webhookEvent, concurrency: workerConcurrency() })
  async webhookEvent(job: Job<XeroEventJob>): Promise<void> {
    if (typeof job.data?.eventId !== 'string') throw new PermanentJobError('job has no eventId');
    // No Xero call here: the event becomes pending changes of the flows reading its resource, and
    // their drains fetch the changed ids 50 per call (one transaction, exactly once per event).
    await this.runner.runJob(job, () => this.intake.handle(job.data.tenantId, job.data.eventId));
  }

  @Process({ name: JOBS.xero.refreshGrant, concurrency: workerConcurrency() })
  async refreshGrant(job: Job<XeroGrantJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      try {
        await this.xero.tokens.refresh(job.data.tenantId, job.data.grantId, true);
      } catch (e) {
        // A dead grant is already marked "needs re-authorisation": retrying would only storm Xero.
        if (isXeroCallError(e) && e.kind === 'auth') throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }

  @Process(JOBS.xero.keepAlive)
  async keepAlive(): Promise<void> {
    const idleMs = (this.xero.settings.keepAliveDays * 86_400_000) / this.xero.settings.clockScale;
    for (const { tenantId, grantId } of await this.system.idleXeroGrants(
      new Date(Date.now() - idleMs),
      this.xero.settings.clientId,
    )) {
      await this.jobs.enqueue(
        'xero',
        'refresh-grant',
        { tenantId, grantId },
        { jobId: `xero-refresh:${grantId}:${Math.floor(Date.now() / idleMs)}` },
      );
    }
  }

  @Process(JOBS.xero.reroute)
  async reroute(): Promise<void> {
    for (const { inboxId, event } of await this.xero.inbox.unrouted(30, 200)) {
      const routed = await this.xero.inbox.route(inboxId, event, (m, r) =>
        this.jobs.enqueue('xero', 'webhook-event', r, { jobId: `xero-event:${r.eventId}` }, m),
      );
      if (!routed) this.logger.debug(`inbox ${inboxId}: no tenant owns Xero organisation ${event.tenantId}`);
    }
  }
}
