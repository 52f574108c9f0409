import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';
import { SecretStore } from '#lb/crypto';
import { JOBS, QUEUES, RotateSecretsJob, workerConcurrency } from '#lb/queues';
import { TenantJobRunner } from '../runtime/tenant-job-runner';

@Processor(QUEUES.maintenance)
export class RotateSecretsProcessor {
  constructor(
    private readonly runner: TenantJobRunner,
    private readonly secrets: SecretStore,
  ) {}

  /** Re-wraps this tenant's secrets under the active key, one bounded batch per transaction. */
  @Process({ name: JOBS.maintenance.rotateSecrets, concurrency: workerConcurrency() })
  async handle(job: Job<RotateSecretsJob>): Promise<{ rotated: number }> {
    return this.runner.runJob(job, async (inTenant) => {
      let rotated = 0;
      for (;;) {
        const moved = await inTenant((m) => this.secrets.rotateBatch(m, job.data.tenantId));
        rotated += moved;
        if (moved === 0) return { rotated };
      }
    });
  }
}
