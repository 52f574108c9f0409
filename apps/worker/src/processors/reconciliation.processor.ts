import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';
import { TenantTransactions } from '#lb/database';
import { JOBS, QUEUES, ReconcileRunJob } from '#lb/queues';
import { reconcileRun } from '#lb/reconciliation';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * reconcile-run: one reconciliation run to done or failed. A run that fails (a source down) is
 * recorded failed with its reason and not retried by Bull: a member starts it again.
 */
@Processor(QUEUES.maintenance)
export class ReconciliationProcessor {
  constructor(
    private readonly runner: TenantJobRunner,
    private readonly tx: TenantTransactions,
  ) {}

  @Process({ name: JOBS.maintenance.reconcileRun, concurrency: 1 })
  async run(job: Job<ReconcileRunJob>): Promise<void> {
    await this.runner.runJob(job, async () => {
      if (typeof job.data?.runId !== 'string' || !UUID.test(job.data.runId))
        throw new PermanentJobError('reconcile-run needs runId');
      await reconcileRun({ tx: this.tx }, job.data.tenantId, job.data.runId);
    });
  }
}
