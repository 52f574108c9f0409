import { Process, Processor } from '@nestjs/bull';
import { hostname } from 'node:os';
import { Job } from 'bull';
import { ProbeRun } from '#lb/database';
import { JOBS, ProbeJob, QUEUES, workerConcurrency } from '#lb/queues';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

@Processor(QUEUES.diagnostics)
export class ProbeProcessor {
  constructor(private readonly runner: TenantJobRunner) {}

  /** Records which tenant the database saw while the worker held this job. */
  @Process({ name: JOBS.diagnostics.probe, concurrency: workerConcurrency() })
  handle(job: Job<ProbeJob>): Promise<void> {
    return this.runner.run(job, async (m) => {
      const run = await m.findOne(ProbeRun, { where: { id: job.data.probeRunId } });
      if (!run) throw new PermanentJobError(`probe ${job.data.probeRunId} not found in tenant ${job.data.tenantId}`);
      if (run.status === 'done') return; // a redelivered job: already recorded
      const [{ tenant }]: Array<{ tenant: string }> = await m.query(
        `SELECT current_setting('app.tenant_id') AS tenant`,
      );
      await m.update(
        ProbeRun,
        { id: run.id },
        { status: 'done', observedTenantId: tenant, workerId: `${hostname()}:${process.pid}`, completedAt: new Date() },
      );
    });
  }
}
