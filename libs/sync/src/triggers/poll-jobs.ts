// How polls are queued: one job id per flow for scheduled polls and nudges (Bull absorbs a second
// while one waits), a separate one for "run now" so a click is not swallowed by a queued poll.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { bullPriorityOf, FlowScope, LANES } from '../pending';

export function pollJobId(scope: FlowScope): string {
  return `poll-x3:${scope.integrationId}:${scope.flowKey}`;
}

export function runNowJobId(scope: FlowScope): string {
  return `poll-x3-now:${scope.integrationId}:${scope.flowKey}`;
}

/** The lane a poll job runs at, from the priority it was queued with (bullPriorityOf). */
export function laneOfPriority(priority: number | undefined): number {
  const lane = (priority ?? bullPriorityOf(LANES.polling)) - 1;
  return Math.min(Math.max(lane, LANES.interactive), LANES.backfill);
}

export function requestPoll(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  lane: number,
  within?: EntityManager,
): Promise<void> {
  const jobId = lane === LANES.interactive ? runNowJobId(scope) : pollJobId(scope);
  return jobs.enqueue(
    'sync',
    'poll-x3',
    { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey },
    { jobId, priority: bullPriorityOf(lane) },
    within,
  );
}
