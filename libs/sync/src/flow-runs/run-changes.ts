// The pending change a run holds: parked while the run waits, woken (and a drain asked for) when
// the run moves on. Both in the caller's transaction, under the run's row lock.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { LANES } from '../pending/lanes';
import { requestDrain } from '../pending/drain-jobs';
import type { SyncFlowRun } from './flow-run.entity';

/** The waiting_on of a change held by a parked run without a deadline. */
export const runWaitKey = (runId: string) => `flow-run:${runId}`;

/**
 * The run moved on (approved, rejected, its event seen): its change drains now. A change that is
 * parked until a deadline is `pending` with that time; one without is `waiting` on the run.
 */
export async function wakeRunChange(m: EntityManager, jobs: JobProducer, run: SyncFlowRun): Promise<void> {
  const rows: Array<{ lane: number }> = await m.query(
    `UPDATE sync_pending_changes SET state = 'pending', waiting_on = NULL, available_at = now(), updated_at = now()
     WHERE id = $1 AND (state = 'pending' OR (state = 'waiting' AND waiting_on = $2))
     RETURNING lane`,
    [run.pendingChangeId, runWaitKey(run.id)],
  );
  const lane = rows[0]?.lane ?? LANES.interactive;
  await requestDrain(jobs, run.tenantId, { integrationId: run.integrationId, flowKey: run.flowKey }, lane, m);
}
