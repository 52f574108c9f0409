import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { AlertWebhookJob, JobProducer, JOBS, QUEUES } from '#lb/queues';
import { AlertEvaluator, AlertWebhookSender, callPlanDayBudget } from '#lb/sync';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/** How often every tenant's alert rules are evaluated (ALERTS_EVALUATE_EVERY_MS: tests run it faster). */
const evaluateEveryMs = () => Number(process.env.ALERTS_EVALUATE_EVERY_MS) || 60_000;
/** ALERTS_EVALUATOR=on|off; unset, the sync sweep's switch (off in suites that drive every job themselves). */
const evaluatorEnabled = () =>
  process.env.ALERTS_EVALUATOR ? process.env.ALERTS_EVALUATOR !== 'off' : process.env.SYNC_SWEEP !== 'off';

/**
 * alerts-evaluate (repeatable, one jobId, so one run per minute however many workers there are;
 * rule rows are locked SKIP LOCKED besides) opens and resolves alerts; alert-webhook sends one
 * signed notice and throws on failure, so the maintenance queue's backoff retries it (6 attempts,
 * jittered exponential from 2 s).
 */
@Processor(QUEUES.maintenance)
export class AlertsProcessor implements OnApplicationBootstrap {
  private readonly evaluator: AlertEvaluator;
  private readonly sender: AlertWebhookSender;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly runner: TenantJobRunner,
    tx: TenantTransactions,
    system: SystemAccess,
    secrets: SecretStore,
    jobs: JobProducer,
    @Inject(XERO_CONNECTOR) xero: XeroConnector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.evaluator = new AlertEvaluator(tx, system, jobs, callPlanDayBudget(xero.limiter, config.XERO_DAY_LIMIT));
    this.sender = new AlertWebhookSender(tx, secrets, config.ALLOW_PRIVATE_TARGETS === 'true');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!evaluatorEnabled()) return;
    await this.queue.add(
      JOBS.maintenance.alertsEvaluate,
      {},
      { repeat: { every: evaluateEveryMs() }, jobId: 'alerts-evaluate', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process({ name: JOBS.maintenance.alertsEvaluate, concurrency: 1 })
  async evaluate(): Promise<void> {
    await this.evaluator.evaluateAll();
  }

  @Process({ name: JOBS.maintenance.alertWebhook, concurrency: 2 })
  async deliver(job: Job<AlertWebhookJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.deliveryId !== 'string') throw new PermanentJobError('alert-webhook needs deliveryId');
      await this.sender.deliver(job.data.tenantId, job.data.deliveryId);
    });
  }
}
