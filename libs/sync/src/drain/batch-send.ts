// Steps 6–7 of a drain: the planned writes held back when Xero would refuse them, grouped by the
// Xero entity they go to, prepared as persisted batches and sent; each record then settled with
// its own outcome. Short tenant transactions around each call, none open across one.
import { TenantTransactions } from '#lb/database';
import { BatchWriter, XeroOrg, XeroRecordOutcome, xeroRefusalOf } from '#lb/connectors/xero';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { applyOutcomes, ApplyDeps } from './apply-outcomes';
import { inFlightOf, prepareBatch } from './batch-flight';
import type { OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import type { EntityPlan } from './entity-plans';
import { PlannedWrite, settleAll } from './resolve-writes';
import { blockedUpdates } from './update-guard';

export interface BatchSendDeps extends ApplyDeps {
  tx: TenantTransactions;
  batches: BatchWriter;
}

/** What a sent batch added to the drain's report. */
export interface BatchSent {
  written: number;
  /** Xero held records back (a lock date, a paid document): the organisation's facts may be stale. */
  held: number;
}

/** Writes by the Xero entity (and batch group) they go to, the plan's first. */
export function groupByEntity(writes: PlannedWrite[], plan: EntityPlan): Array<[EntityPlan, PlannedWrite[]]> {
  const groups = new Map<string, { entity: string; writes: PlannedWrite[] }>();
  groups.set(plan.xeroEntity, { entity: plan.xeroEntity, writes: [] });
  for (const w of writes) {
    const entity = w.xeroEntity ?? plan.xeroEntity;
    const key = w.batchGroup ? `${entity}\u0000${w.batchGroup}` : entity;
    const group = groups.get(key) ?? { entity, writes: [] };
    group.writes.push(w);
    groups.set(key, group);
  }
  // a write to another entity (a payment's remainder is a BankTransaction) is always a create
  const planOf = (entity: string) =>
    entity === plan.xeroEntity ? plan : { ...plan, xeroEntity: entity, operation: 'create' as const };
  return [...groups.values()].filter((g) => g.writes.length).map((g) => [planOf(g.entity), g.writes]);
}

/** Updates Xero would refuse (paid, voided, locked documents) are held for an accountant. */
export async function holdBlocked(
  d: BatchSendDeps,
  org: XeroOrg,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  writes: PlannedWrite[],
  facts: OrgFacts,
  dayReserve: number,
): Promise<PlannedWrite[]> {
  const blocked = await blockedUpdates(org, plan, writes, facts, dayReserve);
  if (!blocked.size) return writes;
  const mappingVersion = context.mapping.version;
  const held = writes
    .filter((w) => blocked.has(w.change.id))
    .map((w) => ({
      change: w.change,
      settlement: { kind: 'held' as const, outcome: blocked.get(w.change.id)!, mappingVersion },
    }));
  await d.tx.run(context.integration.tenantId, (m) => settleAll(m, d.pending, claimId, held));
  return writes.filter((w) => !blocked.has(w.change.id));
}

/**
 * Prepares one batch of these writes in the transaction that marks each change with it (what does
 * not fit is released for the next batch); the changes in it, to send, or none.
 */
export async function prepareWrites(
  d: BatchSendDeps,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  toWrite: PlannedWrite[],
  leaseSeconds: number,
): Promise<{ batchId: string; changes: SyncPendingChange[] } | undefined> {
  const batchId = await d.tx.run(context.integration.tenantId, async (m) => {
    const prepared = await prepareBatch(m, d.batches, context, plan, claimId, toWrite, leaseSeconds);
    // payment sets fill a batch faster than changes do: what did not fit goes in the next one
    const next = prepared.deferred.map((w) => ({
      change: w.change,
      settlement: { kind: 'release' as const, delayMs: 0 },
    }));
    await settleAll(m, d.pending, claimId, next);
    return prepared.batchId;
  });
  if (!batchId) return undefined;
  return { batchId, changes: toWrite.map((w) => w.change).filter((c) => inFlightOf(c)?.batchId === batchId) };
}

/** Sends (or resends) one prepared batch and settles each of its records with its own outcome. */
export async function sendBatch(
  d: BatchSendDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  batchId: string,
  changes: SyncPendingChange[],
  dayReserve: number,
): Promise<BatchSent> {
  let outcomes: XeroRecordOutcome[];
  let failure: string | undefined;
  try {
    const result = await d.batches.send(org, batchId, { dayReserve });
    outcomes = result.outcomes;
    if (result.status === 'failed' && !outcomes.length) failure = 'Xero refused the batch';
  } catch (e) {
    // Xero refusing the whole request (a 400 it explains, or another permanent refusal): every
    // record is a dead letter with Xero's words
    const words = xeroRefusalOf(e);
    if (words === undefined) throw e;
    outcomes = [];
    failure = words;
  }
  const outcomeAt = (index: number) => outcomes.find((o) => o.index === index);
  const sent = changes.map((change) => {
    const flight = inFlightOf(change)!;
    // a payment set is settled on all of its elements' outcomes at once
    const parts = flight.inFlight.parts?.map((p) => ({ ...p, outcome: outcomeAt(p.index) }));
    // an invoice over its orders' drafts: each deleted draft's own element
    const merges = flight.inFlight.merges?.map((d) => ({
      ...d,
      outcome: d.index === undefined ? undefined : outcomeAt(d.index),
    }));
    return { change, flight, outcome: outcomeAt(flight.inFlight.index), parts, merges };
  });
  const applied = await d.tx.run(context.integration.tenantId, (m) =>
    applyOutcomes(m, d, context, claimId, sent, failure),
  );
  return { written: applied.written, held: applied.held };
}
