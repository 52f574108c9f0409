import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { SystemAccess } from '#lb/database';
import { isXeroCallError, XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, workerConcurrency, XeroGrantJob } from '#lb/queues';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';

/** One Xero minute, in real milliseconds. */
const xeroMinuteMs = (clockScale: number) => Math.max(1_000, Math.round(60_000 / clockScale));

/**
 * Xero does not tell apps when a user removes them in "Connected Apps". Once a (Xero) minute
 * the sweep queues one reconciliation per live grant, which re-reads GET /connections and marks
 * organisations no longer listed as disconnected, so the SPA shows it within two minutes.
 */
@Processor(QUEUES.xero)
export class XeroConnectionsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(XeroConnectionsProcessor.name);

  constructor(
    @InjectQueue(QUEUES.xero) private readonly queue: Queue,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    private readonly runner: TenantJobRunner,
    private readonly system: SystemAccess,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      JOBS.xero.connectionsSweep,
      {},
      {
        repeat: { every: xeroMinuteMs(this.xero.settings.clockScale) },
        jobId: 'xero-connections-sweep',
        removeOnComplete: true,
        removeOnFail: 10,
      },
    );
  }

  @Process(JOBS.xero.connectionsSweep)
  async sweep(): Promise<void> {
    const grants = await this.system.activeXeroGrants(this.xero.settings.clientId);
    const slot = Math.floor(Date.now() / xeroMinuteMs(this.xero.settings.clockScale));
    for (const { tenantId, grantId } of grants) {
      // One job per grant per minute, however many workers run the sweep.
      await this.jobs.enqueue(
        'xero',
        'reconcile-connections',
        { tenantId, grantId },
        { jobId: `xero-reconcile:${grantId}:${slot}` },
      );
    }
    this.logger.debug(`connections sweep queued ${grants.length} reconciliations`);
  }

  @Process({ name: JOBS.xero.reconcileConnections, concurrency: workerConcurrency() })
  async reconcile(job: Job<XeroGrantJob>): Promise<void> {
    // GET /connections is a call to Xero: no transaction is held across it.
    await this.runner.runJob(job, async () => {
      try {
        const gone = await this.xero.grants.reconcileConnections(job.data.tenantId, job.data.grantId);
        if (gone.length) this.logger.log(`${gone.length} organisation(s) were disconnected in Xero`);
      } catch (e) {
        // A revoked grant is marked for re-authorisation by the connector; retrying cannot help.
        if (isXeroCallError(e) && e.kind === 'auth') throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }
}
