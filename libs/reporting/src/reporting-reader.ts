// Reads a reporting view a keyset page at a time, each page its own short read-only transaction in
// the key's tenant context: a JSON page for tools that page, and the whole view as CSV for tools
// that want one file, holding one page in memory whatever the view's size.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { TenantTransactions } from '#lb/database';
import { safeCell } from '#lb/reconciliation';
import { isoSql, ReportingView } from './reporting-views';

export const MAX_REPORTING_PAGE = 5_000;
const CSV_PAGE = 2_000;

export interface ReportingQuery {
  /** Only rows made at or after this instant. */
  since?: Date;
  /** Only this integration's rows (views with an integration). */
  integrationId?: string;
  limit: number;
  /** The page's cursor from the previous page. */
  cursor?: string;
}

export interface ReportingPage {
  rows: Array<Record<string, unknown>>;
  /** Give it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class InvalidReportingCursorError extends Error {}

interface CursorKey {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

/** A cursor we made, or a clear refusal: it reaches SQL only as two checked parameters. */
export function decodeCursor(cursor: string): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidReportingCursorError();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !ISO_MICROS.test(parsed[0]) ||
    Number.isNaN(Date.parse(parsed[0])) ||
    !UUID.test(parsed[1])
  ) {
    throw new InvalidReportingCursorError();
  }
  return { at: parsed[0], id: parsed[1] };
}

function pageSql(view: ReportingView, q: ReportingQuery, after: CursorKey | null): { sql: string; params: unknown[] } {
  const select = view.columns.map((c) => `${c.sql ?? `a.${c.name}`} AS "${c.name}"`).join(', ');
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where = [`a.tenant_id = lb_current_tenant()`];
  if (q.since) where.push(`a.created_at >= ${param(q.since.toISOString())}::timestamptz`);
  if (q.integrationId && view.perIntegration) where.push(`a.integration_id = ${param(q.integrationId)}::uuid`);
  if (after) where.push(`(a.created_at, a.id) > (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
  const sql = `SELECT ${select}, ${isoSql('a.created_at')} AS "__at", a.id::text AS "__id"
    FROM ${view.table} a WHERE ${where.join(' AND ')}
    ORDER BY a.created_at, a.id LIMIT ${param(q.limit)}`;
  return { sql, params };
}

export class ReportingReader {
  constructor(private readonly tx: TenantTransactions) {}

  async page(tenantId: string, view: ReportingView, q: ReportingQuery): Promise<ReportingPage> {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const limit = Math.min(Math.max(1, Math.trunc(q.limit)), MAX_REPORTING_PAGE);
    const { sql, params } = pageSql(view, { ...q, limit: limit + 1 }, after);
    const raw: Array<Record<string, unknown>> = await this.tx.runReadOnly(tenantId, (m) => m.query(sql, params));
    const more = raw.length > limit;
    const kept = more ? raw.slice(0, limit) : raw;
    const last = kept[kept.length - 1];
    return {
      rows: kept.map(({ __at: _at, __id: _id, ...row }) => row),
      nextCursor: more && last ? encodeCursor({ at: String(last.__at), id: String(last.__id) }) : null,
    };
  }

  /**
   * The whole view (after the filters) as CSV, formula-safe, one page in memory at a time. The
   * first page is read before answering, so a database that is down is a clear error, not a cut file.
   */
  async csv(tenantId: string, view: ReportingView, q: Omit<ReportingQuery, 'limit' | 'cursor'>): Promise<Readable> {
    const first = await this.page(tenantId, view, { ...q, limit: CSV_PAGE });
    const nextPage = (cursor: string) => this.page(tenantId, view, { ...q, limit: CSV_PAGE, cursor });
    async function* rows(): AsyncGenerator<string[]> {
      yield view.columns.map((c) => c.name);
      let page: ReportingPage | null = first;
      while (page) {
        for (const row of page.rows) yield view.columns.map((c) => cell(row[c.name]));
        const cursor: string | null = page.nextCursor;
        page = cursor ? await nextPage(cursor) : null;
      }
    }
    return Readable.from(rows()).pipe(stringify());
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return safeCell(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Views select text, numbers, booleans and ISO strings only; anything else is written as JSON.
  return safeCell(JSON.stringify(value));
}
