import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { afterCommit } from '#lb/database';
import { publishSyncSettled } from '#lb/observability';
import type { CanonicalEntity, MappingDirection } from '#lb/mapping';
import { recordAccepted, recordReplayed, ReplayedRow, screenGdprRequests } from '../trail/intake-events';
import { currentTrail } from '../trail/run-trail';
import { PendingChangeOutcome, PendingChangeState, SyncPendingChange } from './pending-change.entity';
import { Claim, FlowScope, NewPendingChange, Settlement } from './pending-change.types';
import { countWritten, isWrite } from './monthly-usage';

export * from './pending-change.types';

/** Rows per INSERT statement when accepting a page of changes. */
const ACCEPT_CHUNK = 500;
/** The batch a row is in flight in (batch-flight.ts: outcome.batchId with outcome.inFlight), else null. */
const IN_FLIGHT_BATCH = `CASE WHEN outcome ? 'inFlight' THEN outcome->>'batchId' END`;
/** A drain takes at most this many changes at a time (Xero's batch size). */
export const DRAIN_BATCH = 50;
export const DEFAULT_LEASE_SECONDS = 120;

type Row = Record<string, unknown>;

/** Settlements the lb_sync_records_total metric counts (a release or a defer is not an attempt). */
const COUNTED = new Set<Settlement['kind']>(['done', 'held', 'dead', 'waiting', 'retry']);

/** TypeORM answers an UPDATE … RETURNING with [rows, affected count]. */
async function updated<T = Row>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await m.query<[T[], number]>(sql, params);
  return result[0];
}

/**
 * The pending-change store. Every method works in the caller's tenant transaction (RLS scopes it),
 * so accepting a change commits with the cursor or delivery mark that produced it, and settling a
 * change commits with the cross-reference its write recorded.
 */
export class PendingChanges {
  /**
   * Accepts changes; a change for a source key that already has an open row coalesces into it
   * (newest source, highest lane). A row being drained is marked dirty and drained again after.
   */
  async accept(m: EntityManager, tenantId: string, changes: NewPendingChange[]): Promise<void> {
    // One row per key per statement: ON CONFLICT cannot touch the same row twice.
    const latest = new Map<string, NewPendingChange>();
    for (const c of changes) {
      const k = `${c.integrationId}\u0000${c.flowKey}\u0000${c.sourceKey}`;
      const before = latest.get(k);
      latest.set(k, before ? { ...c, lane: Math.min(before.lane, c.lane), force: before.force || c.force } : c);
    }
    // a Xero contact marked GDPRREQUEST is not carried; what we kept of it is purged (record trail)
    const unique = await screenGdprRequests(m, [...latest.values()]);
    await recordAccepted(m, tenantId, unique);
    for (let at = 0; at < unique.length; at += ACCEPT_CHUNK) {
      const chunk = unique.slice(at, at + ACCEPT_CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((c) => {
        params.push(tenantId, c.integrationId, c.flowKey, c.entity, c.direction, c.sourceKey, c.lane);
        params.push(c.source === null ? null : JSON.stringify(c.source), c.force === true);
        const n = params.length;
        return `($${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}::boolean)`;
      });
      await m.query(
        `INSERT INTO sync_pending_changes AS t
           (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, source, force_write)
         VALUES ${values.join(', ')}
         ON CONFLICT (tenant_id, integration_id, flow_key, source_key) WHERE state IN ('pending', 'claimed', 'waiting')
         DO UPDATE SET
           source = EXCLUDED.source,
           lane = LEAST(t.lane, EXCLUDED.lane),
           -- a forced write coalesced with an ordinary change is still forced
           force_write = t.force_write OR EXCLUDED.force_write,
           -- a waiting change is looked at again with the new content (its prerequisite may differ)
           state = CASE WHEN t.state = 'claimed' THEN 'claimed' ELSE 'pending' END,
           waiting_on = CASE WHEN t.state = 'claimed' THEN t.waiting_on ELSE NULL END,
           dirty = t.state = 'claimed',
           -- a newer change is new data: it runs the flow's mapping, whatever a replay pinned
           pinned_mapping_version = NULL,
           available_at = CASE WHEN t.state = 'claimed' THEN t.available_at ELSE LEAST(t.available_at, now()) END,
           updated_at = now()`,
        params,
      );
    }
  }

  /**
   * Leases up to `limit` available changes of a flow, lowest lane first, oldest first. Rows whose
   * lease expired (their drain died) are taken again. SKIP LOCKED: two drains never wait on each other.
   */
  async claim(
    m: EntityManager,
    scope: FlowScope,
    limit = DRAIN_BATCH,
    leaseSeconds = DEFAULT_LEASE_SECONDS,
  ): Promise<Claim> {
    const claimId = randomUUID();
    const rows: Row[] = await updated(
      m,
      // A materialised CTE picks the rows once: as an IN (sub-select … LIMIT … SKIP LOCKED) the
      // planner may rescan the sub-select and claim more than `limit` rows.
      // One claim is mapped with one version: it takes the rows sharing the first row's pin.
      // A batch in flight (outcome.inFlight: prepared, maybe sent, its drain refused a slot or died)
      // is claimed whole and alone, and fresh rows only with fresh rows: mixed, a claim resent part of
      // one batch while another drain resent the rest (the same call twice) and wrote its fresh rows
      // as a part batch (contacts batches of 34 on average in the 10,000 + 10,000 load). Batches in
      // flight go first: they are mapped already, and a fresh change ahead of them was claimed alone.
      `WITH first AS MATERIALIZED (
         SELECT pinned_mapping_version AS pin, ${IN_FLIGHT_BATCH} AS batch FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = $2
           AND ((state = 'pending' AND available_at <= now()) OR (state = 'claimed' AND claimed_until < now()))
         ORDER BY ${IN_FLIGHT_BATCH} IS NULL, lane, available_at, created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED),
       picked AS MATERIALIZED (
         SELECT id FROM sync_pending_changes
         WHERE integration_id = $1 AND flow_key = $2
           AND ((state = 'pending' AND available_at <= now()) OR (state = 'claimed' AND claimed_until < now()))
           AND EXISTS (SELECT 1 FROM first)
           AND pinned_mapping_version IS NOT DISTINCT FROM (SELECT pin FROM first)
           AND ${IN_FLIGHT_BATCH} IS NOT DISTINCT FROM (SELECT batch FROM first)
         ORDER BY lane, available_at, created_at
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
       UPDATE sync_pending_changes t SET state = 'claimed', claim_id = $3,
              claimed_until = now() + $5 * interval '1 second', updated_at = now()
       FROM picked WHERE t.id = picked.id
       RETURNING t.*`,
      [scope.integrationId, scope.flowKey, claimId, limit, leaseSeconds],
    );
    const changes = rows.map((r) => m.create(SyncPendingChange, fromRow(r)));
    changes.sort((a, b) => a.lane - b.lane || a.availableAt.getTime() - b.availableAt.getTime());
    currentTrail()?.claimed(changes);
    return { claimId, changes };
  }

  /**
   * Extends the lease of one claimed change just before its write, so a slow claim (a loaded X3
   * answering in seconds per record) cannot expire mid-way and let a second drain write the same
   * record. Returns false when another drain took the row (its claim id replaced ours): the caller
   * must then not write. A lapsed lease nobody took yet is still ours: renewing re-takes it.
   */
  async renew(
    m: EntityManager,
    change: Pick<SyncPendingChange, 'id'>,
    claimId: string,
    leaseSeconds = DEFAULT_LEASE_SECONDS,
  ): Promise<boolean> {
    const rows: Row[] = await updated(
      m,
      `UPDATE sync_pending_changes SET claimed_until = now() + $3 * interval '1 second', updated_at = now()
       WHERE id = $1 AND claim_id = $2 AND state = 'claimed'
       RETURNING id`,
      [change.id, claimId, leaseSeconds],
    );
    return rows.length === 1;
  }

  /**
   * renew, for a xero-to-x3 change about to write X3 record `x3Key`: the key is kept on the change
   * (outcome.targetId) from before the write until it settles, so the X3 poll's sight of a record
   * being written from Xero, before its cross-reference is recorded, is told from an X3 change
   * (behind-xero-edits.ts: the X3 change waits). A retried write keeps it (retries keep the outcome).
   */
  async renewWriting(
    m: EntityManager,
    change: Pick<SyncPendingChange, 'id'>,
    claimId: string,
    x3Key: string,
    leaseSeconds = DEFAULT_LEASE_SECONDS,
  ): Promise<boolean> {
    const rows: Row[] = await updated(
      m,
      `UPDATE sync_pending_changes SET claimed_until = now() + $3 * interval '1 second', updated_at = now(),
         outcome = COALESCE(outcome, '{}'::jsonb) || jsonb_build_object('targetId', $4::text)
       WHERE id = $1 AND claim_id = $2 AND state = 'claimed'
       RETURNING id`,
      [change.id, claimId, leaseSeconds, x3Key],
    );
    return rows.length === 1;
  }

  /**
   * Settles one claimed change. Returns false when the claim was lost (the lease expired and another
   * drain took the row): the caller must then not record anything for it.
   */
  async settle(
    m: EntityManager,
    change: Pick<SyncPendingChange, 'id'>,
    claimId: string,
    s: Settlement,
  ): Promise<boolean> {
    const finalState: Record<Settlement['kind'], PendingChangeState> = {
      done: 'done',
      waiting: 'waiting',
      held: 'held',
      dead: 'dead',
      retry: 'pending',
      release: 'pending',
      defer: 'claimed',
    };
    const next = finalState[s.kind];
    const outcome = 'outcome' in s ? JSON.stringify(s.outcome) : null;
    const error = 'error' in s && s.error !== undefined ? s.error.slice(0, 2000) : null;
    const delayMs = 'delayMs' in s ? Math.max(0, Math.round(s.delayMs)) : 0;
    const version = 'mappingVersion' in s ? (s.mappingVersion ?? null) : null;
    const rows: Array<{ id: string; tenant_id: string; entity: string }> = await updated(
      m,
      `UPDATE sync_pending_changes SET
         -- a newer change arrived meanwhile: it goes round again, whatever this attempt did
         state = CASE WHEN dirty AND $3::text IN ('done', 'held', 'dead', 'waiting') THEN 'pending' ELSE $3::text END,
         -- deferred (still claimed): a newer change stays marked for when it is settled
         dirty = $3::text = 'claimed' AND dirty,
         -- a forced write is forced once: settled, the next change of the key is deduped again
         force_write = force_write AND $3::text NOT IN ('done', 'held', 'dead'),
         claim_id = CASE WHEN $3::text = 'claimed' THEN claim_id END,
         claimed_until = CASE WHEN $3::text = 'claimed' THEN now() + $8::int * interval '1 millisecond' END,
         waiting_on = CASE WHEN $3::text = 'waiting' AND NOT dirty THEN $4 ELSE NULL END,
         outcome = COALESCE($5::jsonb, outcome),
         last_error = CASE WHEN $6::text IS NULL THEN last_error ELSE $6 END,
         attempts = attempts + CASE WHEN $7::boolean THEN 1 ELSE 0 END,
         available_at = CASE WHEN $3::text = 'pending' THEN now() + $8::int * interval '1 millisecond' ELSE available_at END,
         mapping_version = COALESCE($9::int, mapping_version),
         settled_at = CASE WHEN $3::text IN ('done', 'held', 'dead') AND NOT dirty THEN now() ELSE settled_at END,
         updated_at = now()
       WHERE id = $1 AND claim_id = $2 AND state = 'claimed'
       RETURNING id, tenant_id, entity`,
      [
        change.id,
        claimId,
        next,
        s.kind === 'waiting' ? s.waitingOn : null,
        outcome,
        error,
        s.kind === 'retry' || s.kind === 'dead' || (s.kind === 'defer' && s.error !== undefined),
        delayMs,
        version,
      ],
    );
    if (rows.length === 1 && COUNTED.has(s.kind)) {
      const settled = { entity: rows[0].entity, state: s.kind, action: 'outcome' in s ? s.outcome?.action : null };
      afterCommit(m, () => publishSyncSettled({ tenantId: rows[0].tenant_id, settled: [settled] }));
    }
    if (rows.length === 1) currentTrail()?.settled(change.id, s);
    // the fair-use meter: a write confirmed by the target counts, whatever comes after it
    if (rows.length === 1 && s.kind === 'done' && isWrite(s.outcome?.action)) {
      await countWritten(m, rows[0].tenant_id, 1);
    }
    return rows.length === 1;
  }

  /** Releases the changes waiting on any of `keys` (their prerequisite landed); returns their flows. */
  async release(m: EntityManager, integrationId: string, keys: string[]): Promise<string[]> {
    if (!keys.length) return [];
    const rows: Array<{ flow_key: string }> = await updated(
      m,
      `UPDATE sync_pending_changes SET state = 'pending', waiting_on = NULL, available_at = now(), updated_at = now()
       WHERE integration_id = $1 AND state = 'waiting' AND waiting_on = ANY($2::text[])
       RETURNING flow_key`,
      [integrationId, [...new Set(keys)]],
    );
    return [...new Set(rows.map((r) => r.flow_key))];
  }

  /**
   * A new mapping version of (entity, direction) is active: every change of it that waited for a
   * lookup entry runs again (those still missing one wait again). Returns their flows.
   */
  async releaseMappingWaits(
    m: EntityManager,
    integrationId: string,
    entity: CanonicalEntity,
    direction: MappingDirection,
  ): Promise<string[]> {
    const rows: Array<{ flow_key: string }> = await updated(
      m,
      `UPDATE sync_pending_changes SET state = 'pending', waiting_on = NULL, available_at = now(), updated_at = now()
       WHERE integration_id = $1 AND state = 'waiting' AND waiting_on LIKE 'mapping:%' AND entity = $2 AND direction = $3
       RETURNING flow_key`,
      [integrationId, entity, direction],
    );
    return [...new Set(rows.map((r) => r.flow_key))];
  }

  /** Dead letters (or held changes) go back to pending; `sourceKeys` omitted means all of the flow. */
  async replay(
    m: EntityManager,
    scope: FlowScope,
    from: 'dead' | 'held',
    opts: { sourceKeys?: string[]; reread: boolean },
  ): Promise<number> {
    // A replayed key may meanwhile have a newer open change: that one already carries the newest state.
    const rows: Row[] = await updated(
      m,
      `UPDATE sync_pending_changes t SET state = 'pending', available_at = now(), settled_at = NULL,
              source = CASE WHEN $4 THEN NULL ELSE t.source END, attempts = 0, updated_at = now()
       WHERE t.integration_id = $1 AND t.flow_key = $2 AND t.state = $3
         AND ($5::text[] IS NULL OR t.source_key = ANY($5::text[]))
         AND NOT EXISTS (SELECT 1 FROM sync_pending_changes o
                         WHERE o.integration_id = t.integration_id AND o.flow_key = t.flow_key
                           AND o.source_key = t.source_key AND o.state IN ('pending', 'claimed', 'waiting'))
         AND t.id = (SELECT id FROM sync_pending_changes l
                     WHERE l.integration_id = t.integration_id AND l.flow_key = t.flow_key
                       AND l.source_key = t.source_key AND l.state = $3
                     ORDER BY l.updated_at DESC, l.id LIMIT 1)
       RETURNING t.id, t.tenant_id, t.integration_id, t.flow_key, t.entity, t.direction, t.source_key,
         COALESCE((SELECT e.record_key FROM sync_record_events e WHERE e.integration_id = t.integration_id
                   AND e.source_key = t.source_key ORDER BY e.at DESC LIMIT 1), t.source_key) AS record_key`,
      [scope.integrationId, scope.flowKey, from, opts.reread, opts.sourceKeys ?? null],
    );
    if (rows.length) await recordReplayed(m, String(rows[0].tenant_id), rows as unknown as ReplayedRow[]);
    return rows.length;
  }

  /** Whether a drain of the flow would find work now (it re-enqueues itself when so). */
  async hasAvailable(m: EntityManager, scope: FlowScope): Promise<boolean> {
    const rows: Row[] = await m.query(
      `SELECT 1 FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = $2
         AND ((state = 'pending' AND available_at <= now()) OR (state = 'claimed' AND claimed_until < now()))
       LIMIT 1`,
      [scope.integrationId, scope.flowKey],
    );
    return rows.length > 0;
  }

  /** The soonest moment a pending change of the flow becomes available, if any is pending. */
  async nextAvailableAt(m: EntityManager, scope: FlowScope): Promise<Date | null> {
    const rows: Array<{ at: Date | null }> = await m.query(
      `SELECT min(CASE WHEN state = 'pending' THEN available_at ELSE claimed_until END) AS at
       FROM sync_pending_changes WHERE integration_id = $1 AND flow_key = $2 AND state IN ('pending', 'claimed')`,
      [scope.integrationId, scope.flowKey],
    );
    return rows[0]?.at ?? null;
  }

  /** Counts per flow and state, for the screens and the backfill ETA. */
  async counts(
    m: EntityManager,
    integrationId: string,
  ): Promise<Array<{ flowKey: string; state: PendingChangeState; count: number }>> {
    const rows: Array<{ flow_key: string; state: PendingChangeState; count: string }> = await m.query(
      `SELECT flow_key, state, count(*) AS count FROM sync_pending_changes
       WHERE integration_id = $1 GROUP BY flow_key, state ORDER BY flow_key, state`,
      [integrationId],
    );
    return rows.map((r) => ({ flowKey: r.flow_key, state: r.state, count: Number(r.count) }));
  }
}

/** Raw RETURNING row → entity fields. */
function fromRow(r: Row): Partial<SyncPendingChange> {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    createdAt: r.created_at as Date,
    integrationId: r.integration_id as string,
    flowKey: r.flow_key as string,
    entity: r.entity as CanonicalEntity,
    direction: r.direction as MappingDirection,
    sourceKey: r.source_key as string,
    lane: Number(r.lane),
    state: r.state as PendingChangeState,
    source: (r.source as Record<string, unknown> | null) ?? null,
    dirty: r.dirty as boolean,
    forceWrite: r.force_write === true,
    waitingOn: (r.waiting_on as string | null) ?? null,
    attempts: Number(r.attempts),
    availableAt: r.available_at as Date,
    claimId: (r.claim_id as string | null) ?? null,
    claimedUntil: (r.claimed_until as Date | null) ?? null,
    mappingVersion: (r.mapping_version as number | null) ?? null,
    pinnedMappingVersion: (r.pinned_mapping_version as number | null) ?? null,
    outcome: (r.outcome as PendingChangeOutcome | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    settledAt: (r.settled_at as Date | null) ?? null,
    updatedAt: r.updated_at as Date,
  };
}
