// Steps 4 and 5 of a drain, in one tenant transaction: every verdict that is already final is
// settled; a record whose prerequisite has no Xero id yet waits on it (and a pull of that
// prerequisite is queued in its own flow); the rest is decided against its cross-reference —
// unchanged costs nothing (echo suppression), create and update go on to the batch.
import { EntityManager } from 'typeorm';
import type { CanonicalEntity, CanonicalRecord } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { CrossReferences, decideAgainst, Decided, KeyedRecord } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { NewPendingChange, PendingChanges, Settlement } from '../pending/pending-changes.service';
import { requestDrain } from '../pending/drain-jobs';
import { confirmedContactNames } from '../matching/matching-gate';
import type { DrainContext } from './drain-context';
import { EntityPlan, FLOW_OF_ENTITY, Prerequisite, waitingKeyOf } from './entity-plans';
import type { Verdict } from './map-records';
import { PaymentPart, paymentPartsOf } from './payment-sets';
import { crossReferenceEntityOf, mergedSettlement } from './order-drafts';
import type { DraftMerge } from './draft-matches';

type Row = Record<string, unknown>;

/** A record that goes into the batch. */
export interface PlannedWrite {
  change: SyncPendingChange;
  record: CanonicalRecord;
  payload: Row;
  decided: Decided;
  /** A payment set: its Xero Payments' documents and amounts, in payload.payments order. */
  parts?: PaymentPart[];
  /** Written as another Xero entity than the plan's (a payment's remainder: payment-remainders.ts). */
  xeroEntity?: string;
  /** Writes of one batch group only share a batch (the allocations of one credit: its id). */
  batchGroup?: string;
  /** A payment set with parts still to write once these land (its cash Payments, its remainder). */
  then?: 'more';
  /** Not a write: these Xero Payments are deleted (an X3 payment returned unpaid: payment-reversals.ts). */
  reverse?: string[];
  /** A posted invoice taking over its orders' Xero drafts (draft-matches.ts): the first is updated, the rest deleted. */
  merges?: DraftMerge[];
  /** The X3 record as read (both-ways parties keep it as their snapshot: both-ways-delta.ts). */
  source?: Row;
  /** Only the fields X3 edited since the last sync are sent (both-ways-delta.ts). */
  narrowed?: boolean;
}

export interface ResolveDeps {
  pending: PendingChanges;
  crossRefs: CrossReferences;
  jobs: JobProducer;
}

/**
 * Serialises "wait on K" against "K landed, release its waiters" (writeOutcomes takes the same
 * locks): without it a waiter could check just before the prerequisite commits and miss its release.
 */
export async function lockWaitingKeys(m: EntityManager, integrationId: string, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await m.query(
    `SELECT pg_advisory_xact_lock(h) FROM
       (SELECT hashtextextended($1 || ':' || k, 0) AS h FROM unnest($2::text[]) k ORDER BY 1) s`,
    [integrationId, [...new Set(keys)]],
  );
}

/** Settles one change; a lost claim (another drain took it) simply records nothing. */
export async function settleAll(
  m: EntityManager,
  pending: PendingChanges,
  claimId: string,
  settlements: Array<{ change: SyncPendingChange; settlement: Settlement }>,
): Promise<number> {
  let settled = 0;
  for (const { change, settlement } of settlements) if (await pending.settle(m, change, claimId, settlement)) settled++;
  return settled;
}

/** Xero ids of prerequisites, per waiting key (cross-references that hold one). */
export async function prerequisiteIds(
  m: EntityManager,
  crossRefs: CrossReferences,
  integrationId: string,
  needs: Prerequisite[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const byEntity = new Map<CanonicalEntity, string[]>();
  for (const p of needs) byEntity.set(p.entity, [...(byEntity.get(p.entity) ?? []), p.key]);
  for (const [entity, keys] of byEntity) {
    const found = await crossRefs.byX3Keys(m, { integrationId, entity }, keys);
    for (const [key, ref] of found) {
      if (ref.state !== 'archived' && ref.xeroId) ids.set(waitingKeyOf({ entity, key }), ref.xeroId);
    }
  }
  return ids;
}

/**
 * Queues pulls of missing prerequisites in their own flows (source null: re-read from X3 by key),
 * unless one is already open, and asks for those flows' drains — in the caller's transaction.
 */
export async function pullPrerequisites(
  m: EntityManager,
  d: ResolveDeps,
  context: DrainContext,
  missing: Array<{ prerequisite: Prerequisite; lane: number }>,
): Promise<void> {
  const integrationId = context.integration.id;
  const wanted = new Map<string, NewPendingChange>();
  for (const { prerequisite: p, lane } of missing) {
    const flowKey = FLOW_OF_ENTITY[p.entity];
    if (!flowKey) continue;
    const id = `${flowKey}\u0000${p.key}`;
    const before = wanted.get(id);
    wanted.set(id, {
      integrationId,
      flowKey,
      entity: p.entity,
      direction: 'x3-to-xero',
      sourceKey: p.key,
      lane: Math.min(before?.lane ?? lane, lane),
      source: null,
    });
  }
  if (!wanted.size) return;
  const open: Array<{ flow_key: string; source_key: string }> = await m.query(
    `SELECT flow_key, source_key FROM sync_pending_changes
     WHERE integration_id = $1 AND state IN ('pending', 'claimed', 'waiting')
       AND (flow_key, source_key) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [integrationId, [...wanted.values()].map((c) => c.flowKey), [...wanted.values()].map((c) => c.sourceKey)],
  );
  const isOpen = new Set(open.map((r) => `${r.flow_key}\u0000${r.source_key}`));
  const pulls = [...wanted.entries()].filter(([id]) => !isOpen.has(id)).map(([, c]) => c);
  if (!pulls.length) return;
  await d.pending.accept(m, context.integration.tenantId, pulls);
  const flows = new Map<string, number>();
  for (const c of pulls) flows.set(c.flowKey, Math.min(flows.get(c.flowKey) ?? c.lane, c.lane));
  for (const [flowKey, lane] of flows) {
    await requestDrain(d.jobs, context.integration.tenantId, { integrationId, flowKey }, lane, m);
  }
}

/**
 * A forced change (a reconciliation fix re-sending an X3 record Xero's copy drifted from) is
 * written even when its content hash says unchanged: the hash compares X3 with what we last
 * sent, not with what Xero holds now.
 */
export function forced(change: Pick<SyncPendingChange, 'forceWrite'>, decided: Decided): Decided {
  return change.forceWrite && decided.decision === 'unchanged' ? { ...decided, decision: 'update' } : decided;
}

export interface Resolved {
  writes: PlannedWrite[];
  settled: number;
  /** Changes of the claim set waiting on a prerequisite not in Xero yet (batch-fill.ts refill). */
  waited: number;
}

export async function resolveWrites(
  m: EntityManager,
  d: ResolveDeps,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  verdicts: Verdict[],
): Promise<Resolved> {
  const integrationId = context.integration.id;
  const mappingVersion = context.mapping.version;
  const final: Array<{ change: SyncPendingChange; settlement: Settlement }> = [];
  const mapped = verdicts.flatMap((v) => (v.kind === 'mapped' ? [v] : (final.push(v), [])));

  const needsOf = new Map(mapped.map((v) => [v.change.id, plan.prerequisites(v.record)]));
  const allNeeds = [...needsOf.values()].flat();
  await lockWaitingKeys(m, integrationId, allNeeds.map(waitingKeyOf));
  const ids = await prerequisiteIds(m, d.crossRefs, integrationId, allNeeds);
  const missing: Array<{ prerequisite: Prerequisite; lane: number }> = [];
  const ready = mapped.filter((v) => {
    const absent = needsOf.get(v.change.id)!.filter((p) => !ids.has(waitingKeyOf(p)));
    if (!absent.length) return true;
    // never a dead letter for a missing prerequisite: wait on the first, pull them all
    final.push({
      change: v.change,
      settlement: { kind: 'waiting', waitingOn: waitingKeyOf(absent[0]), mappingVersion },
    });
    for (const p of absent) missing.push({ prerequisite: p, lane: v.change.lane });
    return false;
  });
  await pullPrerequisites(m, d, context, missing);

  // an orders flow drafting deliveries keeps their drafts as `shipment`s (order-drafts.ts)
  const scope = { integrationId, entity: crossReferenceEntityOf(context.flow) };
  const refs = await d.crossRefs.byX3Keys(
    m,
    scope,
    ready.map((v) => (v.record as { key: string }).key),
  );
  const renames =
    context.entity === 'customer' || context.entity === 'supplier'
      ? await confirmedContactNames(
          m,
          integrationId,
          context.entity,
          ready.map((v) => (v.record as { key: string }).key),
        )
      : new Map<string, string>();
  const writes: PlannedWrite[] = [];
  for (const v of ready) {
    const reference = refs.get((v.record as { key: string }).key);
    // an order's draft its posted invoice took over: nothing more is written to it
    const merged = mergedSettlement(reference);
    if (merged) {
      final.push({ change: v.change, settlement: { ...merged, mappingVersion } });
      continue;
    }
    if (v.instead) {
      final.push({ change: v.change, settlement: { ...v.instead, mappingVersion } });
      continue;
    }
    const decided = forced(v.change, decideAgainst(reference, v.record as unknown as KeyedRecord));
    const skip =
      decided.decision === 'unchanged'
        ? 'unchanged'
        : context.action === 'flag'
          ? 'flagged'
          : context.action === 'create-only' && decided.decision === 'update'
            ? 'unchanged'
            : undefined;
    if (skip) {
      const targetId = decided.reference?.xeroId ?? undefined;
      final.push({
        change: v.change,
        settlement: { kind: 'done', outcome: { action: skip, targetId }, mappingVersion },
      });
      continue;
    }
    const payload = { ...v.payload };
    // a payment's parts are read off the placeholders resolve replaces by the documents' Xero ids
    const parts = context.entity === 'payment' ? paymentPartsOf(payload) : undefined;
    plan.resolve(payload, v.record, (p) => ids.get(waitingKeyOf(p))!);
    // a Xero name clash resolved at first connection: the confirmed name goes instead of X3's
    const rename = renames.get((v.record as { key: string }).key);
    if (rename) payload.name = rename;
    writes.push({ change: v.change, record: v.record, payload, decided, parts, source: v.source });
  }
  const settled = await settleAll(m, d.pending, claimId, final);
  return { writes, settled, waited: mapped.length - ready.length };
}
