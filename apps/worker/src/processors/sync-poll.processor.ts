import { Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import { Job } from 'bull';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport, X3Error } from '#lb/connectors/sage-x3';
import { JobProducer, JOBS, QUEUES, SyncFlowJob, workerConcurrency } from '#lb/queues';
import { laneOfPriority, X3Poll } from '#lb/sync';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';
import { privateTargetsFor } from '../runtime/private-targets';

/**
 * poll-x3: one flow's X3 changes into pending changes (libs/sync/src/triggers). X3 is read with
 * no transaction open. An X3 that is down fails this job alone: Bull retries it with backoff,
 * the sweep queues it again later, and other tenants' jobs run meanwhile.
 */
@Processor(QUEUES.sync)
export class SyncPollProcessor {
  private readonly logger = new Logger(SyncPollProcessor.name);
  private readonly poller: X3Poll;

  constructor(
    private readonly runner: TenantJobRunner,
    tx: TenantTransactions,
    secrets: SecretStore,
    jobs: JobProducer,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.poller = new X3Poll({
      tx,
      secrets,
      jobs,
      createTransport: (settings) => createX3Transport(settings),
      allowPrivateFor: privateTargetsFor(config),
    });
  }

  @Process({ name: JOBS.sync.pollX3, concurrency: workerConcurrency() })
  async poll(job: Job<SyncFlowJob>): Promise<void> {
    const { integrationId, flowKey } = job.data ?? ({} as SyncFlowJob);
    await this.runner.runJob(job, async () => {
      // Inside the runner: a malformed job is discarded (not retried) and counted.
      if (typeof integrationId !== 'string' || typeof flowKey !== 'string') {
        throw new PermanentJobError('poll-x3 needs integrationId and flowKey');
      }
      try {
        const outcome = await this.poller.poll(
          job.data.tenantId,
          { integrationId, flowKey },
          { lane: laneOfPriority(job.opts.priority), window: job.data.window === 'wide' ? 'wide' : 'auto' },
        );
        if (outcome.status === 'skipped') this.logger.debug(`poll of ${flowKey} skipped: ${outcome.reason}`);
        else if (outcome.accepted || outcome.compared?.changed || outcome.compared?.deleted)
          this.logger.log(
            `poll of ${flowKey}: ${outcome.accepted} changed, ${outcome.prerequisites} prerequisites` +
              (outcome.compared ? `, compared ${outcome.compared.read} (${outcome.compared.deleted} deleted)` : ''),
          );
      } catch (error) {
        // Wrong credentials or settings do not mend by retrying; the next scheduled poll tries again.
        if (error instanceof X3Error && (error.kind === 'auth' || error.kind === 'configuration'))
          throw new PermanentJobError(error.message);
        throw error;
      }
    });
  }
}
