import { EntityManager } from 'typeorm';
import { Integration } from '#lb/integrations';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import type { PendingChangeOutcome } from '../pending/pending-change.entity';
import { LIST_LIMIT } from './dead-letters.service';

/**
 * One settled change as a log line: what the drain did with a record of a flow, and the target's
 * words. Until the drain keeps a run log of its own (one row per run), the settled pending changes
 * are the most recent sync activity there is; a run log replaces this read, not its callers' shape.
 */
export interface ActivityLine {
  id: string;
  at: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  /** done: written, matched or unchanged; dead: refused (a dead letter); held: needs an accountant. */
  state: 'done' | 'dead' | 'held';
  action: string | null;
  targetId: string | null;
  error: string | null;
  messages: string[];
  attempts: number;
}

export interface ActivityQuery {
  flowKey?: string;
  limit?: number;
}

type Row = {
  id: string;
  flow_key: string;
  entity: string;
  direction: string;
  source_key: string;
  state: ActivityLine['state'];
  outcome: PendingChangeOutcome | null;
  last_error: string | null;
  attempts: number;
  settled_at: Date;
};

/** The integration's most recently settled changes, newest first, in the caller's tenant transaction. */
export async function recentActivityIn(
  m: EntityManager,
  integrationId: string,
  q: ActivityQuery,
): Promise<ActivityLine[]> {
  if (!(await m.findOne(Integration, { where: { id: integrationId }, select: ['id'] })))
    throw new FlowIntegrationNotFoundError();
  const limit = Math.min(q.limit ?? LIST_LIMIT.default, LIST_LIMIT.max);
  const rows: Row[] = await m.query(
    `SELECT id, flow_key, entity, direction, source_key, state, outcome, last_error, attempts, settled_at
     FROM sync_pending_changes
     WHERE integration_id = $1 AND state IN ('done', 'dead', 'held') AND settled_at IS NOT NULL
       AND ($2::text IS NULL OR flow_key = $2)
     ORDER BY settled_at DESC, id LIMIT $3`,
    [integrationId, q.flowKey ?? null, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.settled_at).toISOString(),
    flowKey: r.flow_key,
    entity: r.entity,
    direction: r.direction,
    sourceKey: r.source_key,
    state: r.state,
    action: r.outcome?.action ?? null,
    targetId: r.outcome?.targetId ?? null,
    error: r.last_error,
    messages: r.outcome?.messages ?? [],
    attempts: Number(r.attempts),
  }));
}
