// Step 6 of a drain: one Xero batch for the claimed records, prepared in the same transaction
// that marks each change with it (outcome.batchId + what was sent), so a drain that reclaims them
// after a crash resends that same batch (same Idempotency-Key, same bytes) instead of a new one.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { BatchWriter, MAX_BATCH, spec, XeroRecordOutcome } from '#lb/connectors/xero';
import type { CanonicalEntity } from '#lb/mapping';
import type { PendingChangeOutcome, SyncPendingChange } from '../pending/pending-change.entity';
import { DEFAULT_LEASE_SECONDS } from '../pending/pending-changes.service';
import type { DrainContext } from './drain-context';
import type { EntityPlan } from './entity-plans';
import type { SentPart } from './payment-parts';
import { DraftMerge, mergeElement } from './draft-matches';
import { crossReferenceEntityOf } from './order-drafts';
import type { PlannedWrite } from './resolve-writes';
import { keepsX3Snapshots } from './both-ways-delta';

/** What a change in flight remembers of its write: enough to record it without mapping again. */
export interface InFlight {
  index: number;
  entity: CanonicalEntity;
  x3Key: string;
  contentHash: string;
  mappingVersion: number;
  decision: 'create' | 'update';
  /** The Xero natural key sent (ContactNumber, InvoiceNumber …), for the cross-reference. */
  naturalKey: string | null;
  /** A payment set: one batch element per Xero Payment (`index` is the first of them). */
  parts?: Array<{ index: number; partKey: string; amount: string }>;
  /**
   * A payment set with parts still to write once these land: the cash Payments after its credit
   * notes' allocations, its remainder after them ('remainder': batches prepared before 'more').
   */
  then?: 'more' | 'remainder';
  /** A posted invoice over its orders' Xero drafts (draft-matches.ts); a delete has its own element. */
  merges?: DraftMerge[];
  /** A both-ways party: the X3 record written, kept as the cross-reference's snapshot (both-ways-delta.ts). */
  x3Snapshot?: Record<string, unknown>;
  /**
   * Only X3's edits were sent: Xero may hold edits of its own not carried yet, so its stamp of this
   * write is not recorded — their event must not be taken for our echo.
   */
  narrowed?: boolean;
}

/** A change's outcome while its batch is in flight; a settled outcome has no `inFlight`. */
export type InFlightOutcome = PendingChangeOutcome & { batchId: string; inFlight: InFlight };

export function inFlightOf(change: SyncPendingChange): InFlightOutcome | undefined {
  // the column holds any JSON: read it as the partial shape it may be
  const o: Partial<InFlightOutcome> | null = change.outcome;
  return o?.batchId && o.inFlight ? (o as InFlightOutcome) : undefined;
}

/** One record of a sent batch, with the change it belongs to. */
export interface SentRecord {
  change: SyncPendingChange;
  flight: InFlightOutcome;
  outcome: XeroRecordOutcome | undefined;
  /** A payment set: each of its Xero Payments with its own element's outcome. */
  parts?: SentPart[];
  /** The drafts a posted invoice took over, a deleted one with its element's outcome. */
  merges?: Array<DraftMerge & { outcome?: XeroRecordOutcome }>;
}

export interface Prepared {
  batchId: string | null;
  /** Writes left for the next batch (it would hold more than the writer's batchSize elements): to release. */
  deferred: PlannedWrite[];
}

/**
 * The batch elements of one write: its payload, or one Xero Payment per part of a payment set; an
 * invoice naming its orders' drafts also deletes the drafts it does not keep and updates those of
 * orders it bills in part to their remainder, in the same call.
 */
function elementsOf(w: PlannedWrite): Array<Record<string, unknown>> {
  if (w.parts) return (w.payload.payments as Array<Record<string, unknown>> | undefined) ?? [];
  return [
    w.payload,
    ...(w.merges ?? []).flatMap((d) => {
      const e = mergeElement(d);
      return e ? [e] : [];
    }),
  ];
}

/**
 * The merges of a write with each element's index (the write's own element at `at`), as they are
 * remembered in flight: a remainder without its payload (the batch holds it).
 */
function mergesAt(w: PlannedWrite, at: number): DraftMerge[] | undefined {
  let next = at + 1;
  return w.merges?.map((d) => {
    const kept = d.remainder ? { ...d, remainder: { ...d.remainder, payload: undefined } } : d;
    return mergeElement(d) ? { ...kept, index: next++ } : kept;
  });
}

/**
 * Marks the changes (only those this claim still holds) and stores the batch, in `m`. Returns the
 * batch id (null when no change was still held) and the writes that did not fit in it.
 */
export async function prepareBatch(
  m: EntityManager,
  batches: BatchWriter,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  writes: PlannedWrite[],
  leaseSeconds = DEFAULT_LEASE_SECONDS,
): Promise<Prepared> {
  const batchId = randomUUID();
  const s = spec(plan.xeroEntity);
  const records: Array<Record<string, unknown>> = [];
  const deferred: PlannedWrite[] = [];
  for (const w of writes) {
    const elements = elementsOf(w).map((e) => ({ ...e }));
    // A write whose elements alone pass the configured size (XERO_BATCH_SIZE) still goes, alone.
    const full = records.length && records.length + elements.length > batches.batchSize;
    if (full || records.length + elements.length > MAX_BATCH) {
      deferred.push(w);
      continue;
    }
    const [payload] = elements;
    if (w.decided.decision === 'update' && w.decided.reference?.xeroId) payload[s.idField] = w.decided.reference.xeroId;
    const natural = s.naturalKeys.map((f) => payload[f]).find((v): v is string => typeof v === 'string' && v !== '');
    const flight: InFlightOutcome = {
      batchId,
      inFlight: {
        index: records.length,
        entity: crossReferenceEntityOf(context.flow),
        x3Key: (w.record as { key: string }).key,
        contentHash: w.decided.contentHash,
        mappingVersion: context.mapping.version,
        decision: w.decided.decision === 'update' ? 'update' : 'create',
        naturalKey: natural ?? null,
        parts: w.parts?.map((p, i) => ({ index: records.length + i, partKey: p.partKey, amount: p.amount })),
        then: w.then,
        merges: mergesAt(w, records.length),
        x3Snapshot: keepsX3Snapshots(context) ? w.source : undefined,
        narrowed: w.narrowed,
      },
    };
    const [rows] = await m.query<[unknown[], number]>(
      // renews the lease too, so a slow claim is not taken by a second drain while its batch flies
      `UPDATE sync_pending_changes SET outcome = $3::jsonb, updated_at = now(),
              claimed_until = now() + $4 * interval '1 second'
       WHERE id = $1 AND claim_id = $2 AND state = 'claimed' RETURNING id`,
      [w.change.id, claimId, JSON.stringify(flight), leaseSeconds],
    );
    if (!rows.length) continue;
    w.change.outcome = flight;
    records.push(...elements);
  }
  if (!records.length) return { batchId: null, deferred };
  const tenantId = context.integration.tenantId;
  await batches.prepareIn(
    m,
    tenantId,
    context.integration.xeroConnectionId,
    plan.xeroEntity,
    plan.operation,
    records,
    batchId,
  );
  return { batchId, deferred };
}
