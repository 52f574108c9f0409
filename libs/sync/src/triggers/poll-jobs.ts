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

/**
 * A poll only adds work: it ranks just below the drains of its lane, so changes already accepted
 * are carried before more are read (many tenants' polls must not keep a tenant's drains waiting).
 */
export function pollPriorityOf(lane: number): number {
  return bullPriorityOf(lane) + 1;
}

/** The lane a poll job runs at, from the priority it was queued with (pollPriorityOf). */
export function laneOfPriority(priority: number | undefined): number {
  const lane = (priority ?? pollPriorityOf(LANES.polling)) - 2;
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
    { jobId, priority: pollPriorityOf(lane) },
    within,
  );
}

/** The wide re-read of a flow's overlap window (incremental-cursor.ts), a poll of its own. */
export function widePollJobId(scope: FlowScope): string {
  return `poll-x3-wide:${scope.integrationId}:${scope.flowKey}`;
}

/** Queues the wide re-read beside the scheduled polls, once per flow at a time (its own job id). */
export function requestWidePoll(jobs: JobProducer, tenantId: string, scope: FlowScope): Promise<void> {
  return jobs.enqueue(
    'sync',
    'poll-x3',
    { tenantId, integrationId: scope.integrationId, flowKey: scope.flowKey, window: 'wide' },
    { jobId: widePollJobId(scope), priority: pollPriorityOf(LANES.polling) },
  );
}
