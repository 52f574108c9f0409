// The run log and record trail as the API answers them (rows → views).
import type { RecordEventKind, RecordEventResponse } from './record-event.entity';
import type { SyncRunOutcome } from './sync-run.entity';

export interface TrailPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface RunsQuery {
  flow?: string;
  outcome?: SyncRunOutcome;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface TrailQuery {
  key?: string;
  entity?: string;
  status?: RecordEventKind;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface RunView {
  id: string;
  flowKey: string;
  direction: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: {
    claimed: number;
    created: number;
    updated: number;
    unchanged: number;
    dead: number;
    held: number;
    waiting: number;
  };
  xeroCalls: number;
  outcome: SyncRunOutcome;
  status: string;
  error: string | null;
}

export interface RecordEventView {
  id: string;
  runId: string | null;
  pendingChangeId: string | null;
  flowKey: string;
  entity: string;
  direction: string;
  event: RecordEventKind;
  intake: string | null;
  at: string;
  sourceKey: string;
  recordKey: string;
  targetId: string | null;
  response: RecordEventResponse | null;
  /** Only on a record's own trail: the source record as read (masked). */
  before?: Record<string, unknown> | null;
  /** Only on a record's own trail: what was sent to the target (masked). */
  after?: Record<string, unknown> | null;
}

export interface RunRow {
  id: string;
  flow_key: string;
  direction: string;
  started_at: Date;
  finished_at: Date;
  claimed: number;
  created: number;
  updated: number;
  unchanged: number;
  dead: number;
  held: number;
  waiting: number;
  xero_calls: number;
  outcome: SyncRunOutcome;
  status: string;
  error: string | null;
}

export interface EventRow {
  id: string;
  run_id: string | null;
  pending_change_id: string | null;
  flow_key: string;
  entity: string;
  direction: string;
  event: RecordEventKind;
  intake: string | null;
  at: Date;
  source_key: string;
  record_key: string;
  target_id: string | null;
  response: RecordEventResponse | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export function runView(r: RunRow): RunView {
  const started = new Date(r.started_at);
  const finished = new Date(r.finished_at);
  return {
    id: r.id,
    flowKey: r.flow_key,
    direction: r.direction,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    counts: {
      claimed: r.claimed,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      dead: r.dead,
      held: r.held,
      waiting: r.waiting,
    },
    xeroCalls: r.xero_calls,
    outcome: r.outcome,
    status: r.status,
    error: r.error,
  };
}

export function eventView(r: EventRow, withPayloads: boolean): RecordEventView {
  return {
    id: r.id,
    runId: r.run_id,
    pendingChangeId: r.pending_change_id,
    flowKey: r.flow_key,
    entity: r.entity,
    direction: r.direction,
    event: r.event,
    intake: r.intake,
    at: new Date(r.at).toISOString(),
    sourceKey: r.source_key,
    recordKey: r.record_key,
    targetId: r.target_id,
    response: r.response,
    ...(withPayloads ? { before: r.before ?? null, after: r.after ?? null } : {}),
  };
}
