// One customer or supplier read from Xero, written to X3: echo suppression against the X3 record
// as it is, conflict rules for a both-ways flow, then create or update through the transport.
import { X3NotFoundError, X3Record, X3Transport } from '#lb/connectors/sage-x3';
import { AdapterContext, CanonicalRecord, X3_ADAPTERS } from '#lb/mapping';
import type { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { FlowAction, FlowOptions } from '../flows/flow-document';
import { canonicalContentHash } from '../hash/content-hash';
import type { Settlement } from '../pending/pending-changes.service';
import { keepX3AddressCodes, withX3Addresses } from './address-codes';
import { planWrite } from './conflict-merge';
import type { MappedChange } from './map-from-xero';
import { settlementOfX3Failure } from './x3-failures';

export type PartyEntity = 'customer' | 'supplier';

/**
 * Recorded instead of a content hash while X3 holds changes Xero has not received (a both-ways
 * conflict where X3 kept fields): it equals no real hash, so X3's side still flows to Xero.
 */
export const UNSYNCED_HASH = 'x3-changes-not-yet-in-xero';

/** X3 payload field → the canonical field a conflict rule may name instead. */
export const PARTY_CANONICAL_NAMES: Record<string, string> = {
  code: 'key',
  companyName: 'name',
  europeanUnionVatNumber: 'taxNumber',
  defaultAddress: 'addresses',
};

export interface PartyWriteContext {
  entity: PartyEntity;
  x3: X3Transport;
  adapterContext: AdapterContext;
  bothWays: boolean;
  options: FlowOptions;
  action: FlowAction;
  mappingVersion: number;
}

export interface PartyWriteResult {
  settlement: Settlement;
  /** The cross-reference to record with the settlement (X3 key ↔ Xero id, snapshot hash). */
  snapshot?: {
    x3Key: string;
    xeroId: string;
    contentHash: string;
    kind: 'write' | 'read';
    xeroUpdatedAt?: string;
    /** Both-ways flows: the X3 record as now synced (the base of the next three-way merge). */
    x3Snapshot?: Record<string, unknown>;
  };
  /** Whether X3 was written (create or update). */
  wrote: boolean;
}

async function currentOf(x3: X3Transport, entity: PartyEntity, code: string): Promise<X3Record | undefined> {
  try {
    return await x3.get(entity, code);
  } catch (error) {
    if (error instanceof X3NotFoundError) return undefined;
    throw error;
  }
}

const hashOfX3 = (ctx: PartyWriteContext, record: X3Record) =>
  canonicalContentHash(X3_ADAPTERS[ctx.entity].fromX3(record, ctx.adapterContext));

/** What a both-ways flow keeps as the synced X3 record. */
const syncedOf = (ctx: PartyWriteContext, record: X3Record | undefined) => (ctx.bothWays ? record : undefined);

/**
 * The X3 record written, but the fields X3 kept at their last synced values (unknown: no snapshot).
 * Both in the mutation's shape (addresses, not lines), which the X3 adapter reads as well.
 */
function keptOnSnapshot(
  written: X3Record,
  snapshot: Record<string, unknown> | null | undefined,
  kept: string[],
): Record<string, unknown> | undefined {
  const synced = withX3Addresses(snapshot ?? undefined);
  if (!synced) return undefined;
  const record = { ...withX3Addresses(written) };
  for (const field of kept) record[field] = synced[field];
  return record;
}

const updatedAtOf = (canonical: CanonicalRecord | undefined) =>
  (canonical as { origin?: { updatedAt?: string } } | undefined)?.origin?.updatedAt;

/** The same Xero record, its stamp not newer than the one recorded at our last write or read of it. */
function isEcho(live: SyncCrossReference | undefined, xeroId: string, xeroUpdatedAt: string | undefined): boolean {
  if (!live?.xeroUpdatedAt || !xeroUpdatedAt || live.xeroId !== xeroId) return false;
  return Date.parse(xeroUpdatedAt) <= live.xeroUpdatedAt.getTime();
}

export async function writeParty(
  ctx: PartyWriteContext,
  item: MappedChange,
  reference: SyncCrossReference | undefined,
): Promise<PartyWriteResult> {
  const { change } = item;
  const code = String(item.payload.code);
  const version = ctx.mappingVersion;
  const live = reference && reference.state !== 'archived' ? reference : undefined;
  const xeroUpdatedAt = updatedAtOf(item.canonical);
  if (isEcho(live, change.sourceKey, xeroUpdatedAt)) {
    // Xero's record is the one we last wrote or read: X3 may have moved on since, and a stale
    // Xero copy must never take that back
    return {
      settlement: {
        kind: 'done',
        outcome: { action: 'unchanged', targetId: code, messages: ['Xero has not changed since the last sync'] },
        mappingVersion: version,
      },
      wrote: false,
    };
  }
  if (live?.xeroId && live.xeroId !== change.sourceKey) {
    // two Xero contacts whose numbers make one X3 code ('C-1' and 'C_1'): writing would merge them
    const message = `X3 ${ctx.entity} ${code} is already linked to another Xero contact (${live.xeroId})`;
    return {
      settlement: {
        kind: 'dead',
        error: message,
        outcome: { targetId: code, messages: [message] },
        mappingVersion: version,
      },
      wrote: false,
    };
  }
  let current: X3Record | undefined;
  try {
    current = await currentOf(ctx.x3, ctx.entity, code);
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, change.attempts, version), wrote: false };
  }
  const asWritten = withX3Addresses(current);
  const payload = keepX3AddressCodes(item.payload, asWritten);
  const x3Canonical = current ? X3_ADAPTERS[ctx.entity].fromX3(current, ctx.adapterContext) : undefined;
  const x3Hash = x3Canonical ? canonicalContentHash(x3Canonical) : undefined;
  const x3ChangedSinceSync = !!current && (!live || live.contentHash !== x3Hash);
  // the snapshot tells X3's own edits from Xero's: only a field both sides edited is a conflict
  const base = ctx.bothWays && live?.x3Snapshot ? withX3Addresses(live.x3Snapshot) : undefined;
  const plan = planWrite({
    payload,
    current: asWritten,
    x3ChangedSinceSync,
    base,
    bothWays: ctx.bothWays,
    options: ctx.options,
    xeroUpdatedAt: updatedAtOf(item.canonical),
    x3UpdatedAt: updatedAtOf(x3Canonical),
    canonicalNames: PARTY_CANONICAL_NAMES,
  });
  const xeroId = change.sourceKey;
  const keptNote = (kept: string[]) => (kept.length ? [`X3 kept ${kept.join(', ')} (conflict rule)`] : undefined);

  if (plan.kind === 'unchanged') {
    // Nothing to write. A first sight of an already equal pair links the two records.
    const link = !live && !plan.kept.length && x3Hash;
    return {
      settlement: {
        kind: 'done',
        outcome: { action: 'unchanged', targetId: code, messages: keptNote(plan.kept) },
        mappingVersion: version,
      },
      snapshot: link
        ? { x3Key: code, xeroId, contentHash: x3Hash, kind: 'read', xeroUpdatedAt, x3Snapshot: syncedOf(ctx, current) }
        : undefined,
      wrote: false,
    };
  }
  if (plan.kind === 'update' && ctx.action === 'create-only') {
    return {
      settlement: { kind: 'done', outcome: { action: 'skipped', targetId: code, messages: ['Flow creates only'] } },
      wrote: false,
    };
  }
  if (ctx.action === 'flag') {
    const what = plan.kind === 'create' ? `create X3 ${ctx.entity} ${code}` : `update ${plan.fields.join(', ')}`;
    return {
      settlement: {
        kind: 'held',
        outcome: { action: 'flagged', targetId: code, proposal: what },
        mappingVersion: version,
      },
      wrote: false,
    };
  }

  let written: X3Record;
  try {
    written =
      plan.kind === 'create'
        ? await ctx.x3.create(ctx.entity, plan.data)
        : await ctx.x3.update(ctx.entity, code, plan.data);
  } catch (error) {
    return { settlement: settlementOfX3Failure(error, change.attempts, version), wrote: false };
  }
  // X3 changed too and kept fields of its own (a conflict it won in part): the previous hash stays,
  // so X3's side still flows to Xero. Xero won every differing field: X3 now holds what was synced.
  const unsynced = ctx.bothWays && x3ChangedSinceSync && plan.kind === 'update' && plan.kept.length > 0;
  return {
    settlement: {
      kind: 'done',
      outcome: {
        action: plan.kind === 'create' ? 'created' : 'updated',
        targetId: code,
        messages: plan.kind === 'update' ? keptNote(plan.kept) : undefined,
      },
      mappingVersion: version,
    },
    snapshot: {
      x3Key: code,
      xeroId,
      contentHash: unsynced ? (live?.contentHash ?? UNSYNCED_HASH) : hashOfX3(ctx, written),
      kind: 'write',
      xeroUpdatedAt,
      // the fields X3 kept are not in Xero yet: the snapshot keeps their synced values, so X3's
      // next change sends exactly those
      x3Snapshot: unsynced ? keptOnSnapshot(written, live?.x3Snapshot, plan.kept) : syncedOf(ctx, written),
    },
    wrote: true,
  };
}
