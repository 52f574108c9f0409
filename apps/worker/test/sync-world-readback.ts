// What the sync proof world reads back to judge a run: our meter's Xero call counts (Redis), and
// the write batches, dead letters and cross-references of a tenant's integration (PostgreSQL, as
// the owner, so a check never depends on the code under test). SyncWorld delegates to these.
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import type { SyncTenant } from './sync-world';

export interface WorldStores {
  owner: DataSource;
  redis: Redis;
}

/** The calls (and bytes) our processes made to the organisation, from our meter's day counters. */
export async function xeroCalls(
  q: WorldStores,
  t: SyncTenant,
): Promise<{ calls: number; bytes: number; byOperation: Record<string, number> }> {
  const keys = await q.redis.keys(`lb:xmeter:${t.xeroConnectionId}:*`);
  let calls = 0;
  let bytes = 0;
  const byOperation: Record<string, number> = {};
  for (const key of keys) {
    const day = await q.redis.hgetall(key);
    calls += Number(day.calls ?? 0);
    bytes += Number(day.bytes_in ?? 0) + Number(day.bytes_out ?? 0);
    for (const [field, n] of Object.entries(day)) {
      if (field.startsWith('op:') || field.startsWith('outcome:'))
        byOperation[field] = (byOperation[field] ?? 0) + Number(n);
    }
  }
  return { calls, bytes, byOperation };
}

/** `after` minus `before`, per operation and outcome: where a window's calls went. */
export function callsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(after)) if (n - (before[k] ?? 0) > 0) out[k] = n - (before[k] ?? 0);
  return out;
}

/** Records our writer sent to the organisation (sum over its persisted write batches). */
export async function writtenRecords(q: WorldStores, t: SyncTenant): Promise<number> {
  const [row] = await q.owner.query<Array<{ n: number }>>(
    `SELECT coalesce(sum(record_count), 0)::int AS n FROM xero_write_batches WHERE tenant_id = $1 AND connection_id = $2`,
    [t.tenantId, t.xeroConnectionId],
  );
  return row.n;
}

/** What the batches after the first `skip` written records carried (entity and payload), for a failure's message. */
export async function batchesSince(q: WorldStores, t: SyncTenant, skip: number): Promise<unknown[]> {
  const rows = await q.owner.query<Array<{ entity: string; payload: unknown; record_count: number }>>(
    `SELECT entity, payload, record_count FROM xero_write_batches WHERE tenant_id = $1 AND connection_id = $2 ORDER BY created_at`,
    [t.tenantId, t.xeroConnectionId],
  );
  let seen = 0;
  return rows.filter((r) => (seen += r.record_count) > skip).map((r) => ({ entity: r.entity, payload: r.payload }));
}

/** Dead letters of the integration: source key → the target's messages. */
export async function deadLetters(
  q: WorldStores,
  t: SyncTenant,
): Promise<Array<{ flowKey: string; sourceKey: string; error: unknown; messages: unknown }>> {
  const rows = await q.owner.query<
    Array<{ flow_key: string; source_key: string; last_error: unknown; outcome: { messages?: unknown } | null }>
  >(`SELECT * FROM sync_pending_changes WHERE tenant_id = $1 AND integration_id = $2 AND state = 'dead'`, [
    t.tenantId,
    t.integrationId,
  ]);
  return rows.map((r) => ({
    flowKey: r.flow_key,
    sourceKey: r.source_key,
    error: r.last_error,
    messages: r.outcome?.messages,
  }));
}

/**
 * Dead letters among the seeded X3 records (this test's subject). Others — the organisation's
 * own contacts the both-ways customers flow carries to X3 — are written to stderr, not hidden.
 */
export async function seededDeadLetters(
  q: WorldStores,
  t: SyncTenant,
  seeded: { customers: string[]; invoices: string[] },
) {
  const keys = new Set([...seeded.customers, ...seeded.invoices]);
  const all = await deadLetters(q, t);
  const others = all.filter((d) => !keys.has(d.sourceKey));
  if (others.length)
    process.stderr.write(
      `sync world: ${others.length} dead letters outside the seeded records: ${JSON.stringify(others)}\n`,
    );
  return all.filter((d) => keys.has(d.sourceKey));
}

/** Cross-references of the integration per entity that point at a Xero record. */
export async function linked(q: WorldStores, t: SyncTenant): Promise<Map<string, Map<string, string>>> {
  const rows = await q.owner.query<Array<{ entity: string; x3_key: string; xero_id: string }>>(
    `SELECT entity, x3_key, xero_id FROM sync_cross_references
     WHERE tenant_id = $1 AND integration_id = $2 AND xero_id IS NOT NULL AND state <> 'archived'`,
    [t.tenantId, t.integrationId],
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (!out.has(r.entity)) out.set(r.entity, new Map());
    out.get(r.entity)!.set(r.x3_key, r.xero_id);
  }
  return out;
}

/** How many of `keys` are linked to a Xero record (one query, for polling on large sets). */
export async function linkedCount(q: WorldStores, t: SyncTenant, entity: string, keys: string[]): Promise<number> {
  const [row] = await q.owner.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM sync_cross_references WHERE tenant_id = $1 AND integration_id = $2
     AND entity = $3 AND x3_key = ANY($4::text[]) AND xero_id IS NOT NULL AND state <> 'archived'`,
    [t.tenantId, t.integrationId, entity, keys],
  );
  return row.n;
}
