import { EntityManager } from 'typeorm';
import { JobProducer, JOBS } from '#lb/queues';
import { bullPriorityOf, LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import type { FlowScope } from '../pending/pending-changes.service';

/**
 * Asks, in the caller's transaction, for an X3 read of the flow now and a drain of what it finds:
 * a flow just switched on (or the sandbox trial) shows records moving without waiting for its
 * schedule. Both jobs are safe to run twice; the drain's id is the flow's deduplicated one.
 */
export async function runFlowNow(
  jobs: JobProducer,
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  readsX3: boolean,
): Promise<void> {
  if (readsX3) {
    await jobs.enqueue(
      'sync',
      JOBS.sync.pollX3,
      { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey },
      { priority: bullPriorityOf(LANES.interactive) },
      m,
    );
  }
  await requestDrain(jobs, tenantId, scope, LANES.interactive, m);
}
