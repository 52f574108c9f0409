import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bull';
import { EntityManager } from 'typeorm';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { AppMetrics, runWithLogContext } from '#lb/observability';
import { TenantJob } from '#lb/queues';

/** A job that can never succeed (its tenant is gone, its payload is malformed): no retries. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every processor runs its work through here: the job's tenant is checked, the log context and
 * metrics are set, and the work runs inside that tenant's transaction (RLS applies).
 */
@Injectable()
export class TenantJobRunner {
  private readonly logger = new Logger(TenantJobRunner.name);

  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly metrics: AppMetrics,
  ) {}

  async run<T>(job: Job<TenantJob>, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const { tenantId } = job.data ?? ({} as TenantJob);
    const labels = { queue: job.queue.name, job: job.name };
    const stopTimer = this.metrics.jobDuration.startTimer(labels);
    return runWithLogContext({ jobId: String(job.id), queue: job.queue.name, tenantId }, async () => {
      try {
        if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new PermanentJobError(`job has no valid tenantId`);
        if (!(await this.system.tenantExists(tenantId))) throw new PermanentJobError(`tenant ${tenantId} does not exist`);
        const result = await this.tx.run(tenantId, work);
        this.metrics.jobOutcomes.inc({ ...labels, outcome: 'completed' });
        return result;
      } catch (error) {
        const permanent = error instanceof PermanentJobError;
        this.metrics.jobOutcomes.inc({ ...labels, outcome: permanent ? 'discarded' : 'failed' });
        this.logger.warn({ err: error, permanent }, `job ${job.name} failed`);
        if (permanent) job.discard();
        throw error;
      } finally {
        stopTimer();
      }
    });
  }
}
