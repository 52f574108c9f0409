// What each rule kind finds true right now, one row per subject, read in the tenant's transaction
// (RLS keeps every query to the tenant's own rows). A subject absent from the answer has cleared.
import { EntityManager } from 'typeorm';
import { AlertRule } from './alert-entities';

export interface ConditionHit {
  subject: string;
  summary: string;
  details: Record<string, unknown>;
}

/** The organisation's day as the call plan sees it (libs/sync/src/budget); null when unknown. */
export type DayBudgetOf = (
  m: EntityManager,
  integrationId: string,
) => Promise<{ dayLimit: number; remaining: number } | null>;

type Row = Record<string, string | number | null>;

/** `$n` filters for a rule's optional integration and flow scope (`flow` null: the kind has no flows). */
function scope(
  rule: AlertRule,
  params: unknown[],
  columns: { integration: string; flow: string | null } = { integration: 'integration_id', flow: 'flow_key' },
): string {
  let sql = '';
  if (rule.integrationId) {
    params.push(rule.integrationId);
    sql += ` AND ${columns.integration} = $${params.length}`;
  }
  if (rule.flowKey && columns.flow) {
    params.push(rule.flowKey);
    sql += ` AND ${columns.flow} = $${params.length}`;
  }
  return sql;
}

const DEFAULT_FAILING_WINDOW_MINUTES = 60;

/**
 * A flow is failing while it has at least N dead letters settled in the window and nothing of it
 * has gone through since its latest failure: a success after the failures is its recovery.
 */
async function flowFailing(m: EntityManager, rule: AlertRule): Promise<ConditionHit[]> {
  const windowMinutes = rule.windowMinutes ?? DEFAULT_FAILING_WINDOW_MINUTES;
  const params: unknown[] = [windowMinutes, rule.threshold];
  const rows: Row[] = await m.query(
    `SELECT d.integration_id, d.flow_key, d.failures, d.last_failure
       FROM (SELECT integration_id, flow_key, count(*)::int AS failures, max(settled_at) AS last_failure
               FROM sync_pending_changes
              WHERE state = 'dead' AND settled_at > now() - make_interval(mins => $1)${scope(rule, params)}
              GROUP BY integration_id, flow_key) d
      WHERE d.failures >= $2
        AND NOT EXISTS (SELECT 1 FROM sync_pending_changes ok
                         WHERE ok.integration_id = d.integration_id AND ok.flow_key = d.flow_key
                           AND ok.state = 'done' AND ok.settled_at > d.last_failure)`,
    params,
  );
  return rows.map((r) => ({
    subject: `flow:${r.integration_id}:${r.flow_key}`,
    summary: `Flow ${r.flow_key} is failing: ${r.failures} dead letters in the last ${windowMinutes} minutes`,
    details: { integrationId: r.integration_id, flowKey: r.flow_key, failures: r.failures },
  }));
}

async function deadLetters(m: EntityManager, rule: AlertRule): Promise<ConditionHit[]> {
  const params: unknown[] = [rule.threshold];
  const rows: Row[] = await m.query(
    `SELECT integration_id, count(*)::int AS dead FROM sync_pending_changes
      WHERE state = 'dead'${scope(rule, params)}
      GROUP BY integration_id HAVING count(*) > $1`,
    params,
  );
  return rows.map((r) => ({
    subject: `integration:${r.integration_id}`,
    summary: `${r.dead} dead letters wait for a replay (more than ${rule.threshold})`,
    details: { integrationId: r.integration_id, deadLetters: r.dead },
  }));
}

/** Age of the oldest change not yet carried over (pending or claimed), per flow. */
async function lag(m: EntityManager, rule: AlertRule): Promise<ConditionHit[]> {
  const params: unknown[] = [rule.threshold];
  const rows: Row[] = await m.query(
    `SELECT integration_id, flow_key, floor(extract(epoch FROM now() - min(created_at)) / 60)::int AS minutes
       FROM sync_pending_changes WHERE state IN ('pending', 'claimed')${scope(rule, params)}
      GROUP BY integration_id, flow_key HAVING min(created_at) < now() - make_interval(mins => $1)`,
    params,
  );
  return rows.map((r) => ({
    subject: `flow:${r.integration_id}:${r.flow_key}`,
    summary: `Flow ${r.flow_key} lags: its oldest change has waited ${r.minutes} minutes`,
    details: { integrationId: r.integration_id, flowKey: r.flow_key, lagMinutes: r.minutes },
  }));
}

/** Records waiting (a missing prerequisite or lookup) for longer than N hours, per flow. */
async function waiting(m: EntityManager, rule: AlertRule): Promise<ConditionHit[]> {
  const params: unknown[] = [rule.threshold];
  const rows: Row[] = await m.query(
    `SELECT integration_id, flow_key, count(*)::int AS waiting FROM sync_pending_changes
      WHERE state = 'waiting' AND created_at < now() - make_interval(hours => $1)${scope(rule, params)}
      GROUP BY integration_id, flow_key`,
    params,
  );
  return rows.map((r) => ({
    subject: `flow:${r.integration_id}:${r.flow_key}`,
    summary: `${r.waiting} records of flow ${r.flow_key} have waited longer than ${rule.threshold} hours`,
    details: { integrationId: r.integration_id, flowKey: r.flow_key, waiting: r.waiting },
  }));
}

/** A Xero connection that says it needs re-authorisation, or an integration paused for it. */
async function reauthorisation(m: EntityManager, rule: AlertRule): Promise<ConditionHit[]> {
  const params: unknown[] = [];
  const rows: Row[] = await m.query(
    `SELECT i.id AS integration_id, i.name, c.status
       FROM integrations i JOIN xero_connections c ON c.id = i.xero_connection_id
      WHERE (c.status <> 'active' OR 'reauthorisation' = ANY(i.pause_reasons))${scope(rule, params, { integration: 'i.id', flow: null })}`,
    params,
  );
  return rows.map((r) => ({
    subject: `integration:${r.integration_id}`,
    summary: `Integration ${r.name} needs its Xero connection authorised again`,
    details: { integrationId: r.integration_id, connectionStatus: r.status },
  }));
}

/** threshold: percent of the organisation's day limit spent. */
async function budget(m: EntityManager, rule: AlertRule, dayBudget?: DayBudgetOf): Promise<ConditionHit[]> {
  if (!dayBudget) return [];
  const params: unknown[] = [];
  const ids: Array<{ id: string }> = await m.query(
    `SELECT id FROM integrations WHERE true${scope(rule, params, { integration: 'id', flow: null })}`,
    params,
  );
  const hits: ConditionHit[] = [];
  for (const { id } of ids) {
    const day = await dayBudget(m, id);
    if (!day || day.dayLimit <= 0) continue;
    const spentPercent = Math.floor(((day.dayLimit - day.remaining) * 100) / day.dayLimit);
    if (spentPercent >= rule.threshold) {
      hits.push({
        subject: `integration:${id}`,
        summary: `${spentPercent}% of the organisation's Xero day budget is spent (${day.remaining} calls left)`,
        details: { integrationId: id, dayLimit: day.dayLimit, remaining: day.remaining, spentPercent },
      });
    }
  }
  return hits;
}

export function conditionHits(m: EntityManager, rule: AlertRule, dayBudget?: DayBudgetOf): Promise<ConditionHit[]> {
  switch (rule.kind) {
    case 'flow-failing':
      return flowFailing(m, rule);
    case 'dead-letters':
      return deadLetters(m, rule);
    case 'lag':
      return lag(m, rule);
    case 'waiting':
      return waiting(m, rule);
    case 'reauthorisation':
      return reauthorisation(m, rule);
    case 'budget':
      return budget(m, rule, dayBudget);
  }
}
