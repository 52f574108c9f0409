import { EntityManager } from 'typeorm';
import { JobProducer, JOBS } from '#lb/queues';
import { LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import type { FlowScope } from '../pending/pending-changes.service';
import { pollJobId, pollPriorityOf } from '../triggers/poll-jobs';

/**
 * Asks, in the caller's transaction, for an X3 read of the flow now and a drain of what it finds:
 * a flow just switched on (or the sandbox trial) shows records moving without waiting for its
 * schedule. Both jobs are safe to run twice, and both take the flow's deduplicated ids: the poll's
 * is the sweep's own, so the sweep, finding the new flow due, does not queue a second full read of
 * the folder beside this one (the initial load read each 10,000-record folder twice).
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
      { jobId: pollJobId(scope), priority: pollPriorityOf(LANES.interactive) },
      m,
    );
  }
  await requestDrain(jobs, tenantId, scope, LANES.interactive, m);
}
