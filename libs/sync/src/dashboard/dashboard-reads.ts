import { EntityManager } from 'typeorm';
import { bucketStarts, DashboardRange } from './dashboard-range';
import type { EntitySeries, FlowTile, RangeTotals, SeriesPoint } from './dashboard.types';

/**
 * The dashboard's PostgreSQL reads, shared by one integration's dashboard and the tenant-wide one:
 * each takes the (integration, flow) pairs it counts, so every query walks the indexes that lead
 * with integration_id and flow_key (ix_sync_pending_changes_settled, the drain index) once per pair.
 * Run inside the tenant's transaction (RLS): only the tenant's rows are there to read.
 */

/** One flow of one integration. */
export interface FlowRef {
  integrationId: string;
  flowKey: string;
}

/** A flow's tile with the integration it belongs to. */
export type IntegrationFlowTile = FlowTile & { integrationId: string };

const percent = (part: number, whole: number): string | null =>
  whole === 0 ? null : (Math.round((part / whole) * 1000) / 10).toFixed(1);

const iso = (d: string | null): string | null => (d === null ? null : new Date(d).toISOString());

const emptyPoint = (at: string): SeriesPoint => ({ at, done: 0, created: 0, updated: 0, dead: 0, held: 0 });

/**
 * The pairs as the two parallel arrays the queries unnest. The queries also say
 * `integration_id = ANY(…) AND flow_key = ANY(…)` on the changes themselves: a join on the pairs
 * alone leaves the planner a hash join over every settled row of the range (a sequential scan on a
 * week), where the ANY conditions are index conditions of the (integration, flow, …) indexes.
 */
const pairs = (flows: FlowRef[]): [string[], string[]] => [
  flows.map((f) => f.integrationId),
  flows.map((f) => f.flowKey),
];

/**
 * The flows with a head (a removed flow's rows are not shown): of one integration, or of all the
 * tenant's integrations when `integrationId` is omitted.
 */
export async function dashboardFlows(m: EntityManager, integrationId?: string): Promise<FlowRef[]> {
  const rows: Array<{ integration_id: string; flow_key: string }> = await m.query(
    `SELECT integration_id, flow_key FROM sync_flow_heads
       WHERE ($1::uuid IS NULL OR integration_id = $1::uuid)
       ORDER BY integration_id, flow_key`,
    [integrationId ?? null],
  );
  return rows.map((r) => ({ integrationId: r.integration_id, flowKey: r.flow_key }));
}

/** An integration as its dashboard needs it: its Xero organisation and its flows. */
export interface DashboardIntegration {
  xeroConnectionId: string;
  /** The organisation's name as Xero gave it ('' when the connection row is gone). */
  xeroOrgName: string;
  flows: FlowRef[];
}

/**
 * The integration, its organisation's name and its flows with a head, in one round trip (three
 * before: the dashboard is the page every member keeps open). Null when the integration is not the
 * tenant's (RLS) or does not exist.
 */
export async function dashboardIntegration(
  m: EntityManager,
  integrationId: string,
): Promise<DashboardIntegration | null> {
  const [row]: Array<{ xero_connection_id: string; tenant_name: string | null; flow_keys: string[] }> = await m.query(
    `SELECT i.xero_connection_id, c.tenant_name,
            ARRAY(SELECT h.flow_key FROM sync_flow_heads h WHERE h.integration_id = i.id ORDER BY h.flow_key) AS flow_keys
       FROM integrations i LEFT JOIN xero_connections c ON c.id = i.xero_connection_id
      WHERE i.id = $1`,
    [integrationId],
  );
  if (!row) return null;
  return {
    xeroConnectionId: row.xero_connection_id,
    xeroOrgName: row.tenant_name ?? '',
    flows: row.flow_keys.map((flowKey) => ({ integrationId, flowKey })),
  };
}

/** Changes settled in the range per entity and bucket, summed over the flows given. */
export async function dashboardSeries(
  m: EntityManager,
  flows: FlowRef[],
  range: DashboardRange,
): Promise<EntitySeries[]> {
  if (!flows.length) return [];
  const [integrationIds, flowKeys] = pairs(flows);
  const rows: Array<{
    entity: string;
    bucket: Date;
    done: string;
    created: string;
    updated: string;
    dead: string;
    held: string;
  }> = await m.query(
    `SELECT p.entity, date_trunc($3, p.settled_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
            count(*) FILTER (WHERE p.state = 'done') AS done,
            count(*) FILTER (WHERE p.state = 'done' AND p.outcome->>'action' = 'created') AS created,
            count(*) FILTER (WHERE p.state = 'done' AND p.outcome->>'action' = 'updated') AS updated,
            count(*) FILTER (WHERE p.state = 'dead') AS dead,
            count(*) FILTER (WHERE p.state = 'held') AS held
     FROM sync_pending_changes p
     JOIN unnest($4::uuid[], $5::text[]) AS f(integration_id, flow_key)
       ON p.integration_id = f.integration_id AND p.flow_key = f.flow_key
     WHERE p.integration_id = ANY($4::uuid[]) AND p.flow_key = ANY($5::text[])
       AND p.settled_at >= $1 AND p.settled_at < $2 AND p.state IN ('done', 'dead', 'held')
     GROUP BY 1, 2`,
    [range.from, range.to, range.bucket, integrationIds, flowKeys],
  );
  const starts = bucketStarts(range).map((d) => d.toISOString());
  const byEntity = new Map<string, Map<string, SeriesPoint>>();
  for (const r of rows) {
    const points = byEntity.get(r.entity) ?? new Map(starts.map((at) => [at, emptyPoint(at)]));
    byEntity.set(r.entity, points);
    const at = new Date(r.bucket).toISOString();
    points.set(at, {
      at,
      done: Number(r.done),
      created: Number(r.created),
      updated: Number(r.updated),
      dead: Number(r.dead),
      held: Number(r.held),
    });
  }
  return [...byEntity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([entity, points]) => ({ entity, points: starts.map((at) => points.get(at) ?? emptyPoint(at)) }));
}

/** What each flow has in hand now (open, waiting, held, dead, lag) and when it last did something. */
export async function dashboardTiles(m: EntityManager, flows: FlowRef[], now: Date): Promise<IntegrationFlowTile[]> {
  if (!flows.length) return [];
  const [integrationIds, flowKeys] = pairs(flows);
  // the open, held and dead counts per flow and state, and the last settle and poll per flow (one
  // indexed row each): two reads in one statement, one round trip. JSON carries the times as text.
  const [{ states, polls }]: Array<{
    states: Array<{ integration_id: string; flow_key: string; state: string; count: number; oldest: string | null }>;
    polls: Array<{
      integration_id: string;
      flow_key: string;
      settled_at: string | null;
      polled_at: string | null;
      enqueued_at: string | null;
    }>;
  }> = await m.query(
    `SELECT
       (SELECT coalesce(json_agg(s), '[]') FROM (
          SELECT p.integration_id, p.flow_key, p.state, count(*) AS count, min(p.created_at) AS oldest
            FROM sync_pending_changes p
            JOIN unnest($1::uuid[], $2::text[]) AS f(integration_id, flow_key)
              ON p.integration_id = f.integration_id AND p.flow_key = f.flow_key
           WHERE p.integration_id = ANY($1::uuid[]) AND p.flow_key = ANY($2::text[])
             AND p.state IN ('pending', 'claimed', 'waiting', 'held', 'dead')
           GROUP BY p.integration_id, p.flow_key, p.state) s) AS states,
       (SELECT coalesce(json_agg(l), '[]') FROM (
          SELECT f.integration_id, f.flow_key,
                 (SELECT p.settled_at FROM sync_pending_changes p
                  WHERE p.integration_id = f.integration_id AND p.flow_key = f.flow_key AND p.settled_at IS NOT NULL
                  ORDER BY p.settled_at DESC LIMIT 1) AS settled_at,
                 (SELECT max(c.polled_at) FROM sync_flow_cursors c
                  WHERE c.integration_id = f.integration_id AND c.flow_key = f.flow_key) AS polled_at,
                 (SELECT s.enqueued_at FROM sync_poll_schedules s
                  WHERE s.integration_id = f.integration_id AND s.flow_key = f.flow_key) AS enqueued_at
            FROM unnest($1::uuid[], $2::text[]) AS f(integration_id, flow_key)) l) AS polls`,
    [integrationIds, flowKeys],
  );
  const same = (f: FlowRef) => (r: { integration_id: string; flow_key: string }) =>
    r.integration_id === f.integrationId && r.flow_key === f.flowKey;
  return flows.map((flow) => {
    const ofFlow = states.filter(same(flow));
    const of = (state: string) => ofFlow.find((s) => s.state === state);
    const count = (state: string) => Number(of(state)?.count ?? 0);
    const oldest = ['pending', 'claimed', 'waiting']
      .map((s) => of(s)?.oldest)
      .filter((d): d is string => !!d)
      .map((d) => new Date(d).getTime())
      .sort((a, b) => a - b)[0];
    const poll = polls.find(same(flow));
    return {
      integrationId: flow.integrationId,
      flowKey: flow.flowKey,
      open: count('pending') + count('claimed') + count('waiting'),
      pending: count('pending'),
      claimed: count('claimed'),
      waiting: count('waiting'),
      held: count('held'),
      dead: count('dead'),
      oldestOpenAt: oldest === undefined ? null : new Date(oldest).toISOString(),
      lagSeconds: oldest === undefined ? null : Math.max(0, Math.floor((now.getTime() - oldest) / 1000)),
      lastSettledAt: iso(poll?.settled_at ?? null),
      lastPolledAt: iso(poll?.polled_at ?? null),
      lastPollQueuedAt: iso(poll?.enqueued_at ?? null),
    };
  });
}

/** All entities' points added per bucket (the success/failure chart). */
export function sumPoints(series: EntitySeries[], range: DashboardRange): SeriesPoint[] {
  return bucketStarts(range).map((start, i) => {
    const total = emptyPoint(start.toISOString());
    for (const s of series) {
      const p = s.points[i];
      total.done += p.done;
      total.created += p.created;
      total.updated += p.updated;
      total.dead += p.dead;
      total.held += p.held;
    }
    return total;
  });
}

/** The range's settled counts and the success / failure rates over them. */
export function rangeTotals(totals: SeriesPoint[]): RangeTotals {
  const done = totals.reduce((a, p) => a + p.done, 0);
  const dead = totals.reduce((a, p) => a + p.dead, 0);
  const held = totals.reduce((a, p) => a + p.held, 0);
  return {
    done,
    dead,
    held,
    successRate: percent(done, done + dead + held),
    failureRate: percent(dead + held, done + dead + held),
  };
}
