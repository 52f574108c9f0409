// Both-ways customers and suppliers, X3 → Xero: an update sends only the fields X3 edited since the
// last sync — the X3 record mapped now against the snapshot (the X3 record as last synced) mapped by
// the same version — never the whole contact. An edit made in Xero meanwhile, whose webhook has not
// reached us yet, is then not written over: Xero keeps it and its event carries it to X3 later
// (behind-xero-edits.ts covers the edits we already know of). Without a snapshot (a record written
// before snapshots were kept, matched, or read) the whole record goes, as for every other entity.
import { isDeepStrictEqual } from 'node:util';
import { spec } from '#lb/connectors/xero';
import { runMapping } from '#lb/mapping';
import type { Compiled, OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import type { EntityPlan } from './entity-plans';
import { mappingRunOf } from './map-records';
import type { BatchSendDeps } from './batch-send';
import { PlannedWrite, settleAll } from './resolve-writes';

type Row = Record<string, unknown>;

/** The flows whose cross-references keep the X3 record as last synced. */
export function keepsX3Snapshots(context: DrainContext): boolean {
  return context.flow.direction === 'both-ways' && (context.entity === 'customer' || context.entity === 'supplier');
}

/** A payload as it goes on the wire: undefined fields dropped, dates as text. */
const plain = (payload: Row): Row => JSON.parse(JSON.stringify(payload)) as Row;

/** The top-level fields of `now` that differ from `base` (a field X3 no longer fills is left as Xero has it). */
export function editedFields(now: Row, base: Row): string[] {
  const [a, b] = [plain(now), plain(base)];
  return Object.keys(a).filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

async function snapshotPayload(
  w: PlannedWrite,
  context: DrainContext,
  compiled: Compiled,
  facts: OrgFacts,
): Promise<Row | undefined> {
  const snapshot = w.decided.decision === 'update' ? w.decided.reference?.x3Snapshot : undefined;
  if (!snapshot || !w.source || !compiled.ok) return undefined;
  try {
    const base = await runMapping(compiled.mapping, snapshot, mappingRunOf({ context, facts }, w.change.sourceKey));
    return base.kind === 'mapped' ? base.payload : undefined;
  } catch {
    return undefined; // the snapshot no longer maps (the mapping changed shape): the whole record goes
  }
}

/**
 * The writes with each update narrowed to X3's own edits. An update whose mapped fields X3 did not
 * edit (it changed only what this mapping does not send) writes nothing: it is settled unchanged
 * here, its new hash and snapshot recorded.
 */
export async function narrowToX3Edits(
  d: BatchSendDeps,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  writes: PlannedWrite[],
  mapping: { compiled: Compiled; facts: OrgFacts },
): Promise<PlannedWrite[]> {
  if (!keepsX3Snapshots(context)) return writes;
  const kept: PlannedWrite[] = [];
  const unchanged: PlannedWrite[] = [];
  // the natural key stays on the wire: the batch's lookup after an unclear answer goes by it
  const identity = spec(plan.xeroEntity).naturalKeys;
  for (const w of writes) {
    const base = await snapshotPayload(w, context, mapping.compiled, mapping.facts);
    const edited = base ? editedFields(w.payload, base) : undefined;
    if (!edited || edited.length === Object.keys(plain(w.payload)).length) kept.push(w);
    else if (!edited.length) unchanged.push(w);
    else {
      const key = identity.find((k) => typeof w.payload[k] === 'string' && w.payload[k] !== '');
      const fields = new Set(key ? [key, ...edited] : edited);
      kept.push({ ...w, payload: Object.fromEntries([...fields].map((k) => [k, w.payload[k]])), narrowed: true });
    }
  }
  if (unchanged.length) await settleUnchanged(d, context, claimId, unchanged);
  return kept;
}

async function settleUnchanged(
  d: BatchSendDeps,
  context: DrainContext,
  claimId: string,
  writes: PlannedWrite[],
): Promise<void> {
  const { id: integrationId, tenantId } = context.integration;
  await d.tx.run(tenantId, async (m) => {
    for (const w of writes) {
      const reference = w.decided.reference!;
      const settled = await settleAll(m, d.pending, claimId, [
        {
          change: w.change,
          settlement: {
            kind: 'done',
            outcome: {
              action: 'unchanged',
              targetId: reference.xeroId ?? undefined,
              messages: ['X3 changed nothing this flow sends to Xero'],
            },
            mappingVersion: context.mapping.version,
          },
        },
      ]);
      if (!settled) continue;
      await d.crossRefs.record(m, tenantId, {
        integrationId,
        entity: reference.entity,
        x3Key: reference.x3Key,
        contentHash: w.decided.contentHash,
        kind: 'read',
        x3Snapshot: w.source,
      });
    }
  });
}
