import { Queue } from 'bull';
import { REQUEST_REDIS_COMMAND_MS, withDeadline } from '#lb/observability';
import { cappedDrainJobId, drainJobId } from '#lb/sync';
import type { XeroMeter } from '#lb/connectors/xero';

/** A flow's drain jobs in Bull under its fixed ids (trigger, capped, filling); continuations are not counted. */
export interface FlowDrainJobs {
  flowKey: string;
  waiting: number;
  delayed: number;
  active: number;
}

/** Bull's view of the integration's flows, or why it is not there (Redis out of reach). */
export interface DrainJobsView {
  available: boolean;
  flows: FlowDrainJobs[];
}

export interface BudgetWindow {
  limit: number;
  /** Our calls in the window (the meter's count, all of the organisation's tenants' calls through us). */
  used: number;
  /** Xero's own remaining figure less our calls since, else limit − used. */
  left: number;
  /** When Xero last reported the figure `left` comes from; null when `left` is our count's. */
  reportedAt: string | null;
  windowStart: string;
}

export interface XeroBudgetView {
  available: boolean;
  connectionId: string;
  name: string;
  /** Xero's minute limit: the last 60 s. */
  minute: BudgetWindow | null;
  /** Xero's day limit: the rolling 24 h that end now, not the UTC calendar day. */
  day: BudgetWindow | null;
}

/** The fixed ids a flow's drain can wait under (drain-jobs.ts). */
function fixedIds(integrationId: string, flowKey: string): string[] {
  const scope = { integrationId, flowKey };
  const a = cappedDrainJobId(scope);
  const b = cappedDrainJobId(scope, a);
  const base = drainJobId(scope);
  return [base, a, b, `${base}:fill:a`, `${base}:fill:b`];
}

/**
 * Drain jobs per flow from Bull; Redis not ready or slow → available: false, never a hung request.
 * Most of the time a flow has none of its fixed ids queued: one pipelined EXISTS for every id of
 * every flow finds the few that are (one round trip, where a getJob per id was one each), and only
 * those are read for their state.
 */
export async function drainJobsOf(queue: Queue, integrationId: string, flowKeys: string[]): Promise<DrainJobsView> {
  if (queue.client.status !== 'ready') return { available: false, flows: [] };
  try {
    const flows = await withDeadline(
      (async () => {
        const ids = flowKeys.map((flowKey) => ({ flowKey, ids: fixedIds(integrationId, flowKey) }));
        const all = ids.flatMap((f) => f.ids);
        const found = all.length
          ? await queue.client.pipeline(all.map((id) => ['exists', queue.toKey(id)])).exec()
          : [];
        const queued = new Set(all.filter((_, i) => found?.[i]?.[1] === 1));
        return Promise.all(
          ids.map(async ({ flowKey, ids: flowIds }) => {
            const counts: FlowDrainJobs = { flowKey, waiting: 0, delayed: 0, active: 0 };
            for (const id of flowIds.filter((id) => queued.has(id))) {
              const job = await queue.getJob(id);
              const state = job ? await job.getState() : null;
              if (state === 'waiting' || state === 'paused') counts.waiting += 1;
              else if (state === 'delayed') counts.delayed += 1;
              else if (state === 'active') counts.active += 1;
            }
            return counts;
          }),
        );
      })(),
      REQUEST_REDIS_COMMAND_MS,
      'Redis',
    );
    return { available: true, flows };
  } catch {
    return { available: false, flows: [] };
  }
}

/** The organisation's Xero budget, minute and rolling day, from the meter; Redis out of reach → available: false. */
export async function xeroBudgetOf(
  meter: XeroMeter,
  org: { connectionId: string; name: string },
  limits: { minute: number; day: number },
): Promise<XeroBudgetView> {
  try {
    const [minute, day] = await withDeadline(
      Promise.all([meter.minute(org.connectionId), meter.rolling(org.connectionId)]),
      REQUEST_REDIS_COMMAND_MS,
      'Redis',
    );
    return {
      available: true,
      ...org,
      minute: {
        limit: limits.minute,
        used: minute.calls,
        left: minute.xeroRemaining ?? Math.max(0, limits.minute - minute.calls),
        reportedAt: minute.xeroReportedAt,
        windowStart: minute.windowStart,
      },
      day: {
        limit: limits.day,
        used: day.calls,
        left: day.xeroRemaining ?? Math.max(0, limits.day - day.calls),
        reportedAt: day.xeroReportedAt,
        windowStart: day.windowStart,
      },
    };
  } catch {
    return { available: false, ...org, minute: null, day: null };
  }
}
