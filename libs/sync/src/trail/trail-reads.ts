// The run log and the record trail as the tenant reads them: keyset pages (never a count over the
// table), each query on an index of sync_runs / sync_record_events, in the tenant's transaction.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import { OperationRefusedError } from '../operations/operation-errors';
import { TrailRunNotFoundError } from './trail-errors';
import { decodeCursor, encodeCursor } from './trail-cursor';
import {
  RecordEventView,
  RunView,
  RunsQuery,
  TrailPage,
  TrailQuery,
  eventView,
  runView,
  EventRow,
  RunRow,
} from './trail-views';

export const TRAIL_LIMIT = { default: 50, max: 200 };
/** A record's whole trail, oldest first, at most this many events (its newest are the ones cut). */
export const RECORD_TRAIL_MAX = 1_000;
/** A run's log lines at most (a run settles up to a claim of 50, a few events each). */
const RUN_LINES_MAX = 2_000;
const EVENT_COLUMNS = `id, run_id, pending_change_id, flow_key, entity, direction, event, intake, at, source_key,
  record_key, target_id, response`;

export class RecordTrail {
  constructor(private readonly tx: TenantTransactions) {}

  runs(tenantId: string, integrationId: string, q: RunsQuery): Promise<TrailPage<RunView>> {
    return this.tx.run(tenantId, (m) => this.runsIn(m, tenantId, integrationId, q));
  }

  /** The runs in the caller's tenant transaction (support reads them in a read-only one, under a grant). */
  async runsIn(m: EntityManager, tenantId: string, integrationId: string, q: RunsQuery): Promise<TrailPage<RunView>> {
    const limit = limitOf(q.limit);
    const rows = await this.forIntegration<RunRow>(m, integrationId, () => {
      const after = decodeCursor(q.cursor);
      return [
        `SELECT * FROM sync_runs
         WHERE tenant_id = $1 AND integration_id = $2
           AND ($3::text IS NULL OR flow_key = $3) AND ($4::text IS NULL OR outcome = $4)
           AND ($5::timestamptz IS NULL OR started_at >= $5) AND ($6::timestamptz IS NULL OR started_at < $6)
           AND ($7::timestamptz IS NULL OR (started_at, id) < ($7, $8::uuid))
         ORDER BY started_at DESC, id DESC LIMIT $9`,
        [
          tenantId,
          integrationId,
          q.flow ?? null,
          q.outcome ?? null,
          ...range(q),
          after?.at ?? null,
          after?.id ?? null,
          limit + 1,
        ],
      ];
    });
    return page(rows, limit, runView, (r) => encodeCursor(r.started_at, r.id));
  }

  run(tenantId: string, integrationId: string, runId: string): Promise<RunView & { events: RecordEventView[] }> {
    return this.tx.run(tenantId, (m) => this.runIn(m, integrationId, runId));
  }

  async runIn(
    m: EntityManager,
    integrationId: string,
    runId: string,
  ): Promise<RunView & { events: RecordEventView[] }> {
    {
      await this.integration(m, integrationId);
      const [run]: RunRow[] = await m.query(`SELECT * FROM sync_runs WHERE id = $1 AND integration_id = $2`, [
        runId,
        integrationId,
      ]);
      if (!run) throw new TrailRunNotFoundError('No such run (purged, or another integration’s?)');
      const events: EventRow[] = await m.query(
        `SELECT ${EVENT_COLUMNS} FROM sync_record_events WHERE run_id = $1 AND integration_id = $2
         ORDER BY at, id LIMIT ${RUN_LINES_MAX}`,
        [runId, integrationId],
      );
      return { ...runView(run), events: events.map((e) => eventView(e, false)) };
    }
  }

  /** Events newest first; `key` is a prefix of the record key, the source id or the target id. */
  search(tenantId: string, integrationId: string, q: TrailQuery): Promise<TrailPage<RecordEventView>> {
    return this.tx.run(tenantId, (m) => this.searchIn(m, integrationId, q));
  }

  async searchIn(m: EntityManager, integrationId: string, q: TrailQuery): Promise<TrailPage<RecordEventView>> {
    const limit = limitOf(q.limit);
    const rows = await this.forIntegration<EventRow>(m, integrationId, () => {
      const after = decodeCursor(q.cursor);
      const filters = `integration_id = $1 AND ($2::text IS NULL OR entity = $2) AND ($3::text IS NULL OR event = $3)
        AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
        AND ($6::timestamptz IS NULL OR (at, id) < ($6, $7::uuid))`;
      const params: unknown[] = [integrationId, q.entity ?? null, q.status ?? null, ...range(q)];
      params.push(after?.at ?? null, after?.id ?? null, limit + 1);
      if (!q.key)
        return [
          `SELECT ${EVENT_COLUMNS} FROM sync_record_events WHERE ${filters} ORDER BY at DESC, id DESC LIMIT $8`,
          params,
        ];
      // one index range per key column, each cut at the page size, then merged
      // a btree range on the "C"-collated key ([prefix, prefix + U+10FFFF)): the planner did not
      // turn a parameter's LIKE 'prefix%' into one and scanned the table (200,000 rows: 100 ms)
      params.push(q.key, `${q.key}\u{10FFFF}`, likePrefix(q.key));
      const per = (col: string) =>
        `(SELECT ${EVENT_COLUMNS} FROM sync_record_events WHERE ${filters}
            AND ${col} >= $9 AND ${col} < $10 AND ${col} LIKE $11
          ORDER BY at DESC, id DESC LIMIT $8)`;
      const sql = `SELECT DISTINCT ON (at, id) * FROM (${per('record_key')} UNION ALL ${per('source_key')}
             UNION ALL ${per('target_id')}) k ORDER BY at DESC, id DESC LIMIT $8`;
      return [sql, params];
    });
    return page(
      rows,
      limit,
      (r) => eventView(r, false),
      (r) => encodeCursor(r.at, r.id),
    );
  }

  /** Every event of a record (its key, source id or target id), oldest first, with payloads. */
  record(tenantId: string, integrationId: string, recordKey: string): Promise<RecordEventView[]> {
    return this.tx.run(tenantId, (m) => this.recordIn(m, integrationId, recordKey));
  }

  async recordIn(m: EntityManager, integrationId: string, recordKey: string): Promise<RecordEventView[]> {
    const rows = await this.forIntegration<EventRow>(m, integrationId, () => [
      `WITH keys AS (
         SELECT source_key FROM sync_record_events WHERE integration_id = $1 AND record_key = $2
         UNION SELECT source_key FROM sync_record_events WHERE integration_id = $1 AND source_key = $2
         UNION SELECT source_key FROM sync_record_events WHERE integration_id = $1 AND target_id = $2)
       SELECT ${EVENT_COLUMNS}, before, after FROM sync_record_events
       WHERE integration_id = $1 AND source_key IN (SELECT source_key FROM keys)
       ORDER BY at, id LIMIT ${RECORD_TRAIL_MAX}`,
      [integrationId, recordKey],
    ]);
    if (!rows.length) throw new TrailRunNotFoundError('No trail for this record (purged, or not synced yet)');
    return rows.map((r) => eventView(r, true));
  }

  /**
   * An integration's rows, its existence asked only when there are none (or the input is refused):
   * one round trip less on every page that has rows. RLS confines both reads to the tenant, so an
   * unknown or another tenant's integration still answers "not found", and before any input error.
   */
  private async forIntegration<T>(
    m: EntityManager,
    id: string,
    query: () => [sql: string, params: unknown[]],
  ): Promise<T[]> {
    let sql: string;
    let params: unknown[];
    try {
      [sql, params] = query();
    } catch (error) {
      await this.integration(m, id);
      throw error;
    }
    const rows: T[] = await m.query(sql, params);
    if (!rows.length) await this.integration(m, id);
    return rows;
  }

  private async integration(m: EntityManager, id: string): Promise<void> {
    // every trail read asks first: plain SQL, not the ORM's query builder (RLS: only the tenant's)
    const found: unknown[] = await m.query(`SELECT 1 FROM integrations WHERE id = $1`, [id]);
    if (!found.length) throw new FlowIntegrationNotFoundError();
  }
}

function limitOf(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? TRAIL_LIMIT.default), TRAIL_LIMIT.max);
}

function range(q: { from?: string; to?: string }): [string | null, string | null] {
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to))
    throw new OperationRefusedError('from must be before to');
  return [q.from ?? null, q.to ?? null];
}

/** A LIKE prefix with the key's own wildcards taken literally. */
function likePrefix(key: string): string {
  return `${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function page<R, V>(rows: R[], limit: number, view: (r: R) => V, cursor: (r: R) => string): TrailPage<V> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: more ? cursor(items[items.length - 1]) : null };
}
