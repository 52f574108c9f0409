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

/**
 * How long a job waited in its queue before a worker took it: from when it was due (added, or its
 * delay ran out) to when it started. A retried job's later attempts are not counted (their
 * waiting includes the backoff the job asked for).
 */
export function waitSeconds(job: Pick<Job, 'timestamp' | 'processedOn' | 'attemptsMade' | 'opts'>): number | undefined {
  if (job.attemptsMade > 0 || !job.timestamp) return undefined;
  const due = job.timestamp + (job.opts?.delay ?? 0);
  return Math.max(0, ((job.processedOn ?? Date.now()) - due) / 1000);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every processor runs its work through here: the job's tenant is checked, the log context and
 * metrics are set, and the work runs inside that tenant's transactions (RLS applies).
 */
@Injectable()
export class TenantJobRunner {
  private readonly logger = new Logger(TenantJobRunner.name);

  constructor(
    private readonly tx: TenantTransactions,
    private readonly system: SystemAccess,
    private readonly metrics: AppMetrics,
  ) {}

  /** The common case: the whole job is one transaction in its tenant. */
  run<T>(job: Job<TenantJob>, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.runJob(job, (inTenant) => inTenant(work));
  }

  /**
   * For jobs that call Xero or X3: the tenant is checked once, and `work` opens as many short
   * tenant transactions as it needs through `inTenant`, none of them held across the call.
   * Outcome metrics and discarding count the whole job, the external call included.
   */
  async runJob<T>(
    job: Job<TenantJob>,
    work: (inTenant: <R>(fn: (manager: EntityManager) => Promise<R>) => Promise<R>) => Promise<T>,
  ): Promise<T> {
    const { tenantId } = job.data ?? ({} as TenantJob);
    const labels = { queue: job.queue.name, job: job.name };
    const waited = waitSeconds(job);
    if (waited !== undefined) this.metrics.jobWait.observe(labels, waited);
    const stopTimer = this.metrics.jobDuration.startTimer(labels);
    return runWithLogContext({ jobId: String(job.id), queue: job.queue.name, tenantId }, async () => {
      try {
        if (typeof tenantId !== 'string' || !UUID.test(tenantId))
          throw new PermanentJobError(`job has no valid tenantId`);
        if (!(await this.system.tenantExists(tenantId)))
          throw new PermanentJobError(`tenant ${tenantId} does not exist`);
        const result = await work((fn) => this.tx.run(tenantId, fn));
        this.metrics.jobOutcomes.inc({ ...labels, outcome: 'completed' });
        return result;
      } catch (error) {
        const permanent = error instanceof PermanentJobError;
        this.metrics.jobOutcomes.inc({ ...labels, outcome: permanent ? 'discarded' : 'failed' });
        this.logger.warn({ err: error, permanent }, `job ${job.name} failed`);
        // Bull's discard only sets a flag (its Promise type is wrong): nothing to wait for.
        if (permanent) void job.discard();
        throw error;
      } finally {
        stopTimer();
      }
    });
  }
}
