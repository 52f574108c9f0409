import { Process, Processor } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bull';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport } from '#lb/connectors/sage-x3';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { JobProducer, JOBS, QUEUES, SyncFlowJob, workerConcurrency } from '#lb/queues';
import { DrainPermanentError, SyncDrain, x3OpenerFor } from '#lb/sync';
import { AuditTrail } from '#lb/accounts';
import { AppMetrics } from '#lb/observability';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { PermanentJobError, TenantJobRunner } from '../runtime/tenant-job-runner';
import { privateTargetsFor } from '../runtime/private-targets';

/** The drain for this worker process: its caches (compiled mappings, organisation facts) live here. */
@Injectable()
export class SyncDrainService extends SyncDrain implements OnApplicationShutdown {
  private readonly leases: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    tx: TenantTransactions,
    @Inject(XERO_CONNECTOR) xero: XeroConnector,
    jobs: JobProducer,
    secrets: SecretStore,
  ) {
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, commandTimeout: 5_000 });
    const allowPrivateFor = privateTargetsFor(config);
    super(
      {
        tx,
        xero,
        jobs,
        redis,
        secrets,
        createX3Transport,
        allowPrivateFor,
        // xero-to-x3 flows and the Xero half of both-ways flows: the X3 writer
        xeroToX3: {
          tx,
          jobs,
          orgs: xero.orgs,
          versions: new MappingVersions(tx, new AuditTrail(), checkMappingDocument),
          openX3: x3OpenerFor(secrets, allowPrivateFor),
          dayLimit: xero.settings.limits.day,
        },
      },
      { tenantConcurrency: config.SYNC_TENANT_DRAINS, fillWaitMs: config.SYNC_BATCH_FILL_MS },
    );
    this.leases = redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leases.quit().catch(() => this.leases.disconnect());
  }
}

/**
 * Drain jobs (one per integration and flow, deduplicated): up to 50 pending changes carried to
 * Xero in one batch (xero-to-x3 flows and changes go to the X3 writer). The drain opens its own short tenant transactions around the Xero and X3
 * calls; a job that finds no Xero slot re-queues itself with a delay instead of waiting.
 */
@Processor(QUEUES.sync)
export class SyncDrainProcessor {
  private readonly logger = new Logger(SyncDrainProcessor.name);

  constructor(
    private readonly drain: SyncDrainService,
    private readonly runner: TenantJobRunner,
    private readonly metrics: AppMetrics,
  ) {}

  @Process({ name: JOBS.sync.drain, concurrency: workerConcurrency() })
  async run(job: Job<SyncFlowJob>): Promise<void> {
    const { integrationId, flowKey } = job.data ?? ({} as SyncFlowJob);
    if (typeof integrationId !== 'string' || typeof flowKey !== 'string') {
      throw new PermanentJobError('drain job has no integrationId or flowKey');
    }
    await this.runner.runJob(job, async () => {
      try {
        const report = await this.drain.run(job.data, String(job.id));
        if (report.partBatch) this.metrics.partBatches.inc({ reason: report.partBatch.reason });
        this.logger.debug({ ...report, flowKey }, 'drain finished');
      } catch (e) {
        if (e instanceof DrainPermanentError) throw new PermanentJobError(e.message);
        throw e;
      }
    });
  }
}
