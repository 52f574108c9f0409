import { Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import { Job } from 'bull';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, SyncFlowJob } from '#lb/queues';
import { DEFAULT_XERO_POLL_SECONDS, flowDocument, pollXeroFlow, requestXeroPoll } from '#lb/sync';
import { TenantTransactions } from '#lb/database';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/**
 * poll-xero: one flow's If-Modified-Since poll of Xero into pending changes, then the next poll
 * queued at the flow's interval (a schedule trigger's, else 5 Xero minutes). A refused Xero slot
 * re-queues the poll for when the scheduler allows, without holding the job.
 */
@Processor(QUEUES.sync)
export class SyncXeroProcessor {
  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly runner: TenantJobRunner,
    private readonly jobs: JobProducer,
    private readonly tx: TenantTransactions,
  ) {}

  @Process(JOBS.sync.pollXero)
  async pollXero(job: Job<SyncFlowJob>): Promise<void> {
    const { integrationId, flowKey } = job.data ?? ({} as SyncFlowJob);
    if (typeof integrationId !== 'string' || typeof flowKey !== 'string')
      throw new PermanentJobError('job has no flow');
    await this.runner.runJob(job, async () => {
      const scope = { integrationId, flowKey };
      const deps = { tx: this.tx, jobs: this.jobs, orgs: this.xero.orgs, reads: this.xero.reads };
      const report = await pollXeroFlow(deps, job.data.tenantId, scope);
      if (report.idle === 'no-flow' || report.idle === 'disabled' || report.idle === 'unsupported') return;
      const next = report.retryAfterMs ?? (await this.intervalMs(job.data.tenantId, scope));
      await requestXeroPoll(this.jobs, job.data.tenantId, scope, next);
    });
  }

  private async intervalMs(tenantId: string, scope: { integrationId: string; flowKey: string }): Promise<number> {
    const flow = await this.tx.run(tenantId, (m) => flowDocument(m, scope.integrationId, scope.flowKey));
    const trigger = flow?.document.trigger;
    const seconds = trigger?.kind === 'schedule' ? trigger.everySeconds : DEFAULT_XERO_POLL_SECONDS;
    return Math.max(1_000, (seconds * 1_000) / this.xero.settings.clockScale);
  }
}
