import { Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import { Job } from 'bull';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, SyncFlowJob } from '#lb/queues';
import { DEFAULT_XERO_POLL_SECONDS, nextXeroPollMs, pollXeroFlow, requestXeroPoll } from '#lb/sync';
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
      const { settings } = this.xero;
      const deps = {
        tx: this.tx,
        jobs: this.jobs,
        orgs: this.xero.orgs,
        reads: this.xero.reads,
        dayLimit: settings.limits.day,
      };
      const report = await pollXeroFlow(deps, job.data.tenantId, scope);
      if (report.idle === 'no-flow' || report.idle === 'disabled' || report.idle === 'unsupported') return;
      // a poll a webhook asked for: the flow's own chain polls next (a second chain would double its calls)
      if (job.data.once) return;
      // the flow's interval while changes flow, stretched while polls find nothing (call plan)
      const pace = {
        foundChanges: report.accepted > 0,
        defaultSeconds: DEFAULT_XERO_POLL_SECONDS,
        clockScale: settings.clockScale,
      };
      const next =
        report.retryAfterMs ??
        (await this.tx.run(job.data.tenantId, (m) => nextXeroPollMs(m, job.data.tenantId, scope, pace)));
      await requestXeroPoll(this.jobs, job.data.tenantId, scope, next);
    });
  }
}
