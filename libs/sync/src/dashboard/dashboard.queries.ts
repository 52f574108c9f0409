import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import { bucketStarts, DashboardRange } from './dashboard-range';

/** One bucket of one entity: changes settled in it, by how they ended. */
export interface SeriesPoint {
  /** The bucket's UTC start. */
  at: string;
  /** Written, matched or found unchanged (state done). */
  done: number;
  /** Of done: created in the target. */
  created: number;
  /** Of done: updated in the target. */
  updated: number;
  /** Refused by the target or the mapping (dead letters). */
  dead: number;
  /** Put before an accountant (lock date, paid or voided target). */
  held: number;
}

export interface EntitySeries {
  entity: string;
  points: SeriesPoint[];
}

export interface RangeTotals {
  done: number;
  dead: number;
  held: number;
  /** done / (done + dead + held), percent with one decimal as text; null when nothing settled. */
  successRate: string | null;
  failureRate: string | null;
}

/** What one flow has in hand now, and when it last did something. */
export interface FlowTile {
  flowKey: string;
  /** Open changes (pending + claimed + waiting): the flow's queue in PostgreSQL. */
  open: number;
  pending: number;
  claimed: number;
  waiting: number;
  held: number;
  /** Dead letters not replayed yet (all time, not only the range). */
  dead: number;
  /** When the oldest open change was accepted; null when none is open. */
  oldestOpenAt: string | null;
  /** Seconds since then (the sync lag); null when none is open. */
  lagSeconds: number | null;
  /** The last change the flow settled (done, dead or held), any time. */
  lastSettledAt: string | null;
  /** When a poll of the flow last finished (either side's cursor). */
  lastPolledAt: string | null;
  /** When the sweep last queued the flow's poll. */
  lastPollQueuedAt: string | null;
}

export interface DashboardFigures {
  integrationId: string;
  xeroConnectionId: string;
  from: string;
  to: string;
  bucket: string;
  generatedAt: string;
  series: EntitySeries[];
  /** All entities together, per bucket: the success/failure chart. */
  totals: SeriesPoint[];
  range: RangeTotals;
  flows: FlowTile[];
}

const percent = (part: number, whole: number): string | null =>
  whole === 0 ? null : (Math.round((part / whole) * 1000) / 10).toFixed(1);

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const emptyPoint = (at: string): SeriesPoint => ({ at, done: 0, created: 0, updated: 0, dead: 0, held: 0 });

/**
 * The figures of an integration's dashboard, read in its tenant's transaction (RLS): another
 * tenant's integration is not found. Every query is bounded: the series reads the range's settled
 * rows per flow through ix_sync_pending_changes_settled (integration, flow, settled_at); the tiles
 * read open, held and dead rows per flow through the drain index; the last run per flow one row each.
 */
export class SyncDashboard {
  constructor(private readonly tx: TenantTransactions) {}

  figures(tenantId: string, integrationId: string, range: DashboardRange, now = new Date()): Promise<DashboardFigures> {
    return this.tx.run(tenantId, async (m) => {
      const integration = await m.findOne(Integration, {
        where: { id: integrationId },
        select: ['id', 'xeroConnectionId'],
      });
      if (!integration) throw new FlowIntegrationNotFoundError();
      const flowKeys = await this.flowKeys(m, integrationId);
      const series = await this.series(m, integrationId, flowKeys, range);
      const flows = await this.tiles(m, integrationId, flowKeys, now);
      const totals = sumPoints(series, range);
      const done = totals.reduce((a, p) => a + p.done, 0);
      const dead = totals.reduce((a, p) => a + p.dead, 0);
      const held = totals.reduce((a, p) => a + p.held, 0);
      return {
        integrationId,
        xeroConnectionId: integration.xeroConnectionId,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        bucket: range.bucket,
        generatedAt: now.toISOString(),
        series,
        totals,
        range: {
          done,
          dead,
          held,
          successRate: percent(done, done + dead + held),
          failureRate: percent(dead + held, done + dead + held),
        },
        flows,
      };
    });
  }

  /** The integration's flows (those with a head: a removed flow's rows are not shown). */
  private async flowKeys(m: EntityManager, integrationId: string): Promise<string[]> {
    const rows: Array<{ flow_key: string }> = await m.query(
      `SELECT flow_key FROM sync_flow_heads WHERE integration_id = $1 ORDER BY flow_key`,
      [integrationId],
    );
    return rows.map((r) => r.flow_key);
  }

  private async series(
    m: EntityManager,
    integrationId: string,
    flowKeys: string[],
    range: DashboardRange,
  ): Promise<EntitySeries[]> {
    if (!flowKeys.length) return [];
    const rows: Array<{
      entity: string;
      bucket: Date;
      done: string;
      created: string;
      updated: string;
      dead: string;
      held: string;
    }> = await m.query(
      `SELECT entity, date_trunc($4, settled_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
              count(*) FILTER (WHERE state = 'done') AS done,
              count(*) FILTER (WHERE state = 'done' AND outcome->>'action' = 'created') AS created,
              count(*) FILTER (WHERE state = 'done' AND outcome->>'action' = 'updated') AS updated,
              count(*) FILTER (WHERE state = 'dead') AS dead,
              count(*) FILTER (WHERE state = 'held') AS held
       FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = ANY($5::text[])
         AND settled_at >= $2 AND settled_at < $3 AND state IN ('done', 'dead', 'held')
       GROUP BY 1, 2`,
      [integrationId, range.from, range.to, range.bucket, flowKeys],
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

  private async tiles(m: EntityManager, integrationId: string, flowKeys: string[], now: Date): Promise<FlowTile[]> {
    if (!flowKeys.length) return [];
    const states: Array<{ flow_key: string; state: string; count: string; oldest: Date | null }> = await m.query(
      `SELECT flow_key, state, count(*) AS count, min(created_at) AS oldest
         FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = ANY($2::text[]) AND state IN ('pending', 'claimed', 'waiting', 'held', 'dead')
         GROUP BY flow_key, state`,
      [integrationId, flowKeys],
    );
    const lastRuns: Array<{ flow_key: string; at: Date | null }> = await m.query(
      `SELECT f.flow_key,
                (SELECT p.settled_at FROM sync_pending_changes p
                 WHERE p.integration_id = $1 AND p.flow_key = f.flow_key AND p.settled_at IS NOT NULL
                 ORDER BY p.settled_at DESC LIMIT 1) AS at
         FROM unnest($2::text[]) AS f(flow_key)`,
      [integrationId, flowKeys],
    );
    const polls: Array<{ flow_key: string; polled_at: Date | null; enqueued_at: Date | null }> = await m.query(
      `SELECT f.flow_key,
                (SELECT max(c.polled_at) FROM sync_flow_cursors c
                 WHERE c.integration_id = $1 AND c.flow_key = f.flow_key) AS polled_at,
                (SELECT s.enqueued_at FROM sync_poll_schedules s
                 WHERE s.integration_id = $1 AND s.flow_key = f.flow_key) AS enqueued_at
         FROM unnest($2::text[]) AS f(flow_key)`,
      [integrationId, flowKeys],
    );
    return flowKeys.map((flowKey) => {
      const of = (state: string) => states.find((s) => s.flow_key === flowKey && s.state === state);
      const count = (state: string) => Number(of(state)?.count ?? 0);
      const oldest = ['pending', 'claimed', 'waiting']
        .map((s) => of(s)?.oldest)
        .filter((d): d is Date => !!d)
        .map((d) => new Date(d).getTime())
        .sort((a, b) => a - b)[0];
      const poll = polls.find((p) => p.flow_key === flowKey);
      return {
        flowKey,
        open: count('pending') + count('claimed') + count('waiting'),
        pending: count('pending'),
        claimed: count('claimed'),
        waiting: count('waiting'),
        held: count('held'),
        dead: count('dead'),
        oldestOpenAt: oldest === undefined ? null : new Date(oldest).toISOString(),
        lagSeconds: oldest === undefined ? null : Math.max(0, Math.floor((now.getTime() - oldest) / 1000)),
        lastSettledAt: iso(lastRuns.find((r) => r.flow_key === flowKey)?.at ?? null),
        lastPolledAt: iso(poll?.polled_at ?? null),
        lastPollQueuedAt: iso(poll?.enqueued_at ?? null),
      };
    });
  }
}

/** All entities' points added per bucket (the success/failure chart). */
function sumPoints(series: EntitySeries[], range: DashboardRange): SeriesPoint[] {
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
