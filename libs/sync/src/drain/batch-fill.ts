// Part batches while prerequisites land. In a load, a flow's records wait on records another flow
// is carrying (invoices on their customers) and are released in that flow's batch boundaries: 49
// invoices released by one batch of customers went out as a batch of 49, and the 50th as a batch
// of 1 (8 extra calls in the 10,000 + 10,000 initial load, its calls-per-record target missed).
// A drain that would send a part batch while more of the flow's records are about to be released
// waits a moment for them (SYNC_BATCH_FILL_MS, 2 s: real time, it is our own latency): never longer
// than that from when its records became ready, and only for releases that are coming (a
// prerequisite with an open change of its own).
// The same holds for a backfill that is still being read: the first poll of a folder accepts its
// records 200 at a time (and pulls the customers its invoices name), and a drain between two pages
// sent what it found — 16 part batches of contacts in a 4,000 + 4,000 load. A backfill-lane part
// batch also waits while the flow's changes are still arriving (one accepted in the last 5 s, DrainOptions.arrivingMs).
import { EntityManager } from 'typeorm';
import { LANES } from '../pending/lanes';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { TenantTransactions } from '#lb/database';
import { DRAIN_BATCH, type FlowScope, type PendingChanges, type Settlement } from '../pending/pending-changes.service';
import { FLOW_OF_ENTITY } from './entity-plans';

/** How often a held drain looks again (a release also asks for a drain at once). */
const FILL_RECHECK_MS = 500;
/**
 * A backfill part batch waits this many times longer (a minute at 2 s): nobody waits on a record of
 * an initial load, and its invoices are released in dribs by concurrent customer batches. At the
 * ceiling of 60 calls a minute a part batch takes a call the customers could have used: 5 (10 s)
 * still let 10-19 part invoice batches of 19-34 through the 10,000 + 10,000 load while customers
 * were being carried. The wait only lasts while their customers have open changes (`coming`), so
 * the load's tail and a stuck prerequisite still go after at most this long.
 */
const BACKFILL_WAIT_FACTOR = 30;

export interface FillWait {
  kind: 'wait';
  /** Come back after this long. */
  delayMs: number;
  /** The lane of the records ready now (the continuation's priority). */
  lane: number;
}

/**
 * Why a drain with fewer ready records than a batch sends them now (the drain's report and debug log
 * carry it, and the initial-load bench counts them): nothing more is being released, a lapsed batch
 * goes first, or the wait ran out.
 */
export type PartBatchReason = 'nothing-coming' | 'lapsed-batch' | 'waited-out';

export interface FillGo {
  kind: 'go';
  /** Set when what goes is a part batch. */
  part?: { reason: PartBatchReason; ready: number; coming: number; lane: number; ageMs: number };
}

/** A wait when the flow's ready records are fewer than a batch and more are being released; else go. */
export async function partBatchWait(
  m: EntityManager,
  scope: FlowScope,
  batch: number,
  maxWaitMs: number,
  /** A backfill counts as still arriving while its flow accepted a change this recently. */
  arrivingMs: number,
): Promise<FillWait | FillGo> {
  if (maxWaitMs <= 0) return { kind: 'go' };
  const [row] = await m.query<
    Array<{ ready: number; lane: number | null; age_ms: number | null; coming: number; arriving: boolean }>
  >(
    `WITH ready AS (
       SELECT lane, available_at FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = $2
         AND ((state = 'pending' AND available_at <= now()) OR (state = 'claimed' AND claimed_until < now()))
       ORDER BY lane, available_at LIMIT $3),
     coming AS (
       SELECT 1 FROM sync_pending_changes w
       JOIN unnest($4::text[], $5::text[]) AS f(entity, flow_key) ON f.entity = split_part(w.waiting_on, ':', 1)
       WHERE w.integration_id = $1 AND w.flow_key = $2 AND w.state = 'waiting'
         AND EXISTS (
           SELECT 1 FROM sync_pending_changes p
           WHERE p.integration_id = $1 AND p.flow_key = f.flow_key AND p.state IN ('pending', 'claimed')
             AND p.source_key = substr(w.waiting_on, length(f.entity) + 2))
       LIMIT $3)
     SELECT (SELECT count(*)::int FROM ready) AS ready, (SELECT min(lane) FROM ready) AS lane,
            (SELECT (extract(epoch FROM now() - min(available_at)) * 1000)::float8 FROM ready) AS age_ms,
            (SELECT count(*)::int FROM coming) AS coming,
            EXISTS (SELECT 1 FROM sync_pending_changes
                    WHERE integration_id = $1 AND flow_key = $2 AND state = 'pending' AND lane = $6
                      AND updated_at > now() - make_interval(secs => $7)) AS arriving`,
    [
      scope.integrationId,
      scope.flowKey,
      batch,
      Object.keys(FLOW_OF_ENTITY),
      Object.values(FLOW_OF_ENTITY),
      LANES.backfill,
      arrivingMs / 1000,
    ],
  );
  if (!row || row.ready === 0 || row.ready >= batch || row.age_ms === null) return { kind: 'go' };
  const lane = Number(row.lane);
  const part = (reason: PartBatchReason): FillGo => ({
    kind: 'go',
    part: { reason, ready: row.ready, coming: row.coming, lane, ageMs: Math.round(row.age_ms!) },
  });
  const arriving = lane === LANES.backfill && row.arriving;
  if (row.coming === 0 && !arriving) return part('nothing-coming');
  // a batch in flight whose lease ran out (its drain died or found no Xero slot) is claimed first
  // and resent as prepared: nothing to fill, go now (fresh changes whose lease ran out are `ready`)
  if (await hasLapsedBatch(m, scope)) return part('lapsed-batch');
  const limit = lane === LANES.backfill ? maxWaitMs * BACKFILL_WAIT_FACTOR : maxWaitMs;
  const left = limit - row.age_ms;
  if (left <= 0) return part('waited-out');
  return { kind: 'wait', delayMs: Math.ceil(Math.min(left, FILL_RECHECK_MS)), lane };
}

async function hasLapsedBatch(m: EntityManager, scope: FlowScope): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM sync_pending_changes
     WHERE integration_id = $1 AND flow_key = $2 AND state = 'claimed' AND claimed_until < now()
       AND outcome ? 'inFlight' LIMIT 1`,
    [scope.integrationId, scope.flowKey],
  );
  return rows.length > 0;
}

/** How long a ready change may be put back in line to fill a batch, from the first time (real ms). */
export const REFILL_LIMIT_MS = 10_000;

/**
 * A full backfill claim that mapping thinned out: some of its changes turned out to wait on a
 * prerequisite not in Xero yet (a pending change's readiness is only known once mapped), so fewer
 * than a batch are left to write. In the 10,000 + 10,000 load every such claim went out as a part
 * batch — 1 + 49, ten times over (12 extra calls). Instead the ready ones go back to their place in
 * line (settlement `defer`, lease run out: the next claim takes them first) and go with the next
 * changes, for at most REFILL_LIMIT_MS from the first time (`outcome.refilledSince`): unlimited, a
 * load's ready invoices waited until every one of its 10,000 had been mapped once, holding a drain
 * slot the customers needed. Never for a claim of fewer than a batch (the last ones go), a claim
 * with no waits, or another lane (a polled or interactive change's latency counts).
 */
export function refillsBeforeSending(o: {
  claimed: number;
  batch: number;
  /** Changes of the claim set waiting on a prerequisite. */
  waited: number;
  toWrite: Array<{ change: Pick<SyncPendingChange, 'lane' | 'outcome'> }>;
  fillWaitMs: number;
  nowMs: number;
}): boolean {
  if (o.fillWaitMs <= 0 || o.claimed < o.batch || o.waited === 0) return false;
  if (!o.toWrite.length || o.toWrite.length >= o.batch) return false;
  if (o.toWrite.some((w) => w.change.lane !== LANES.backfill)) return false;
  const since = o.toWrite.map((w) => w.change.outcome?.refilledSince).filter((t): t is string => !!t);
  return since.every((t) => o.nowMs - Date.parse(t) < REFILL_LIMIT_MS);
}

/** The settlement of a change put back to fill a batch: its place in line kept, its first time noted. */
export function refillSettlement(change: Pick<SyncPendingChange, 'outcome'>, nowMs: number): Settlement {
  const refilledSince = change.outcome?.refilledSince ?? new Date(nowMs).toISOString();
  return { kind: 'defer', delayMs: 0, outcome: { ...(change.outcome ?? {}), refilledSince } };
}

/**
 * Puts a thinned-out claim's ready changes back in line when `refillsBeforeSending` says so; returns
 * how many (undefined when they are to be sent now).
 */
export async function putBackToFill(
  d: { tx: TenantTransactions; pending: PendingChanges },
  claimId: string,
  o: { claimed: number; waited: number; toWrite: Array<{ change: SyncPendingChange }>; fillWaitMs: number },
): Promise<number | undefined> {
  const nowMs = Date.now();
  if (!refillsBeforeSending({ ...o, batch: DRAIN_BATCH, nowMs })) return undefined;
  const back = o.toWrite.map((w) => w.change);
  const tenantId = back[0].tenantId;
  await d.tx.run(tenantId, async (m) => {
    for (const c of back) await d.pending.settle(m, c, claimId, refillSettlement(c, nowMs));
  });
  return back.length;
}
