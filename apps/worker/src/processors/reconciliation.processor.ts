import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { BillingEntitlements } from '#lb/billing';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { CarryXeroPaymentsJob, JobProducer, JOBS, QUEUES, ReconcileRunJob, VoidDuplicateJob } from '#lb/queues';
import {
  AgedReportAmountsDue,
  carryXeroPayments,
  FixNotAutomaticError,
  LedgerDeps,
  reconcileRun,
  ReconSchedules,
  runLedger,
  voidDuplicate,
} from '#lb/reconciliation';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { x3OpenerFor } from '#lb/sync';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';
import { privateTargetsFor } from '../runtime/private-targets';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How often due schedules are looked for (RECON_SCHEDULE_EVERY_MS: tests run it faster). */
const scheduleEveryMs = () => Number(process.env.RECON_SCHEDULE_EVERY_MS) || 300_000;
/** RECON_SCHEDULER=on|off; unset, the sync sweep's switch (off in suites that drive every job themselves). */
const schedulerEnabled = () =>
  process.env.RECON_SCHEDULER ? process.env.RECON_SCHEDULER !== 'off' : process.env.SYNC_SWEEP !== 'off';

/**
 * reconcile-run: one reconciliation run to done or failed, Xero's amounts due read from its aged reports,
 * then the GL comparison (both trial balances through the mapping). A run that fails (a source down) is
 * recorded failed with its reason and not retried by Bull: a member starts it again.
 * reconcile-schedules (repeatable, one jobId, so one sweep per period however many workers run;
 * schedule rows are locked SKIP LOCKED besides) queues the runs whose hour has come.
 */
@Processor(QUEUES.maintenance)
export class ReconciliationProcessor implements OnApplicationBootstrap {
  private readonly schedules: ReconSchedules;
  /** The GL comparison's reads: X3's journal entries, Xero's Trial Balance and chart of accounts. */
  private readonly ledgerDeps: LedgerDeps;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly runner: TenantJobRunner,
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly jobs: JobProducer,
    billing: BillingEntitlements,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    @Inject(APP_CONFIG) config: AppConfig,
    secrets: SecretStore,
  ) {
    this.ledgerDeps = { tx, xero, openX3: x3OpenerFor(secrets, privateTargetsFor(config)) };
    // a plan without reconciliation: due schedules move on without a run
    this.schedules = new ReconSchedules(tx, jobs, undefined, (m, tenantId) =>
      billing.assertReconciliation(m, tenantId),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!schedulerEnabled()) return;
    await this.queue.add(
      JOBS.maintenance.reconcileSchedules,
      {},
      { repeat: { every: scheduleEveryMs() }, jobId: 'reconcile-schedules', removeOnComplete: true, removeOnFail: 10 },
    );
  }

  @Process({ name: JOBS.maintenance.reconcileRun, concurrency: 1 })
  async run(job: Job<ReconcileRunJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.runId !== 'string' || !UUID.test(job.data.runId))
        throw new PermanentJobError('reconcile-run needs runId');
      // Xero's amounts due from its aged reports as of the run's date (one source per run)
      const xeroAmountsDue = new AgedReportAmountsDue({ tx: this.tx, xero: this.xero });
      const ledger = (tenantId: string, integrationId: string, asOf: string) =>
        runLedger(this.ledgerDeps, tenantId, integrationId, asOf);
      await reconcileRun({ tx: this.tx, xeroAmountsDue, ledger }, job.data.tenantId, job.data.runId);
    });
  }

  /** An approved void of a duplicate keyed in Xero; Bull retries a Xero failure, a refusal is final. */
  @Process({ name: JOBS.maintenance.voidDuplicate, concurrency: 1 })
  async voidDuplicate(job: Job<VoidDuplicateJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.differenceId !== 'string' || !UUID.test(job.data.differenceId))
        throw new PermanentJobError('void-duplicate needs differenceId');
      try {
        await voidDuplicate({ tx: this.tx, xero: this.xero }, job.data.tenantId, job.data.differenceId);
      } catch (e) {
        if (e instanceof FixNotAutomaticError) throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }

  /** An approved carry of a payment keyed in Xero: the document's payments queued for X3 (one Xero call). */
  @Process({ name: JOBS.maintenance.carryXeroPayments, concurrency: 1 })
  async carryPayments(job: Job<CarryXeroPaymentsJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.differenceId !== 'string' || !UUID.test(job.data.differenceId))
        throw new PermanentJobError('carry-xero-payments needs differenceId');
      try {
        const deps = { tx: this.tx, jobs: this.jobs, xero: this.xero };
        await carryXeroPayments(deps, job.data.tenantId, job.data.differenceId);
      } catch (e) {
        if (e instanceof FixNotAutomaticError) throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }

  @Process({ name: JOBS.maintenance.reconcileSchedules, concurrency: 1 })
  async sweep(): Promise<void> {
    const counts = await this.schedules.queueDueAll(this.system);
    // Bull records the failure and the next period tries again; the other tenants' runs are queued.
    if (counts.failedTenants.length)
      throw new Error(
        `reconciliation schedules of ${counts.failedTenants.length} tenant(s) not read: ${counts.failedTenants.join(', ')}`,
      );
  }
}
