import { TenantTransactions } from '#lb/database';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import { PendingChangeOutcome, PendingChangeState } from '../pending/pending-change.entity';
import { DashboardQueryError } from './dashboard-range';
import { recordKeySql } from '../trail/record-keys';

export const RECORD_STATUSES = ['pending', 'claimed', 'waiting', 'held', 'done', 'dead', 'open'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const RECORDS_PAGE = { default: 50, max: 200 };

export interface RecordsQuery {
  entity?: string;
  status?: RecordStatus;
  flowKey?: string;
  /** The row's last change (updated_at) in [from, to). */
  from: Date;
  to: Date;
  /** Exact source key or record key (SOHNUM, InvoiceNumber …). */
  key?: string;
  cursor?: string;
  limit?: number;
}

/** One pending change as the records list shows it: never its source record, only the key it carries. */
export interface RecordRow {
  id: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  /** The record's own number from its stored source (SOHNUM, BPCNUM, InvoiceNumber …), when it has one. */
  recordKey: string | null;
  state: PendingChangeState;
  action: string | null;
  messages: string[];
  error: string | null;
  waitingOn: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  settledAt: string | null;
}

export interface RecordsPage {
  records: RecordRow[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

type Row = {
  id: string;
  flow_key: string;
  entity: string;
  direction: string;
  source_key: string;
  record_key: string | null;
  state: PendingChangeState;
  outcome: PendingChangeOutcome | null;
  last_error: string | null;
  waiting_on: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
  /** updated_at as text with microseconds: the cursor must not lose what a JS Date drops. */
  at_text: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor is the last row's (updated_at, id), base64url: opaque to callers, checked when read. */
export function encodeRecordsCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

export function decodeRecordsCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // answered below
  }
  throw new DashboardQueryError('cursor is not one this list gave out');
}

const statesOf = (status: RecordStatus | undefined): PendingChangeState[] | null =>
  status === undefined ? null : status === 'open' ? ['pending', 'claimed', 'waiting'] : [status];

/**
 * An integration's pending changes, newest change first, filtered and paged by keyset on
 * (updated_at, id) through ix_sync_pending_changes_recent; the time range is bounded by the caller.
 */
export class SyncRecords {
  constructor(private readonly tx: TenantTransactions) {}

  list(tenantId: string, integrationId: string, q: RecordsQuery): Promise<RecordsPage> {
    const limit = Math.min(q.limit ?? RECORDS_PAGE.default, RECORDS_PAGE.max);
    const after = q.cursor ? decodeRecordsCursor(q.cursor) : null;
    return this.tx.run(tenantId, async (m) => {
      const rows: Row[] = await m.query(
        `SELECT id, flow_key, entity, direction, source_key, ${recordKeySql('p')} AS record_key, state, outcome,
                last_error, waiting_on, attempts, created_at, updated_at, settled_at,
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text
         FROM sync_pending_changes p
         WHERE integration_id = $1 AND updated_at >= $2 AND updated_at < $3
           AND ($4::text IS NULL OR entity = $4)
           AND ($5::text[] IS NULL OR state = ANY($5::text[]))
           AND ($6::text IS NULL OR flow_key = $6)
           AND ($7::text IS NULL OR source_key = $7 OR ${recordKeySql('p')} = $7)
           AND ($8::timestamptz IS NULL OR (updated_at, id) < ($8::timestamptz, $9::uuid))
         ORDER BY updated_at DESC, id DESC
         LIMIT $10`,
        [
          integrationId,
          q.from,
          q.to,
          q.entity ?? null,
          statesOf(q.status),
          q.flowKey ?? null,
          q.key ?? null,
          after?.[0] ?? null,
          after?.[1] ?? null,
          limit + 1,
        ],
      );
      // the integration's existence is asked only for an empty page (RLS: only the tenant's)
      if (!rows.length) {
        const found: unknown[] = await m.query(`SELECT 1 FROM integrations WHERE id = $1`, [integrationId]);
        if (!found.length) throw new FlowIntegrationNotFoundError();
      }
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        records: page.map(toRecord),
        nextCursor: rows.length > limit && last ? encodeRecordsCursor(last.at_text, last.id) : null,
      };
    });
  }
}

function toRecord(r: Row): RecordRow {
  return {
    id: r.id,
    flowKey: r.flow_key,
    entity: r.entity,
    direction: r.direction,
    sourceKey: r.source_key,
    recordKey: r.record_key,
    state: r.state,
    action: r.outcome?.action ?? null,
    messages: Array.isArray(r.outcome?.messages) ? r.outcome.messages.map(String) : [],
    error: r.last_error,
    waitingOn: r.waiting_on,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    settledAt: r.settled_at === null ? null : new Date(r.settled_at).toISOString(),
  };
}
