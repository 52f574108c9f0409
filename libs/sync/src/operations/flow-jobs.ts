import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import type { FlowScope } from '../pending/pending-changes.service';
import { requestPoll } from '../triggers/poll-jobs';

/**
 * Asks, in the caller's transaction, for an X3 read of the flow now and a drain of what it finds:
 * a flow just switched on (or the sandbox trial) shows records moving without waiting for its
 * schedule. Both jobs are safe to run twice; the drain's id is the flow's deduplicated one.
 *
 * The first read of a flow takes in everything X3 has for the company — a tenant's whole initial
 * load — so it runs at the polling lane, as the schedule's polls do, never the interactive one:
 * at the interactive lane every change of that load drained ahead of every other tenant's work
 * (the fairness bench: one tenant's 20,000-record switch-on held another's new invoice back). It
 * goes under the flow's one poll job id, so the sweep's first scheduled poll of the flow is
 * absorbed instead of reading the whole folder a second time beside it.
 */
export async function runFlowNow(
  jobs: JobProducer,
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  readsX3: boolean,
): Promise<void> {
  if (readsX3) await requestPoll(jobs, tenantId, scope, LANES.polling, m);
  await requestDrain(jobs, tenantId, scope, LANES.polling, m);
}
