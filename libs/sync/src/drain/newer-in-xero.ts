// Both-ways flows, x3→xero side: before an X3 change updates a Xero record, is there a Xero edit
// of that record we have not carried yet? Its UpdatedDateUTC is newer than the one recorded at our
// last write or read (the cross-reference's xeroUpdatedAt). Writing now would put X3's values over
// it before the flow's conflict rules ever saw it (an older X3 edit would beat a newer Xero one).
// So that Xero edit is accepted as a xero-to-x3 change of the same flow, carried first (the X3
// writer merges it by the conflict rules), and the X3 change goes back behind it: re-read from X3
// on its next claim, it then carries only what X3 won. One current read per 50 updates.
import { EntityManager } from 'typeorm';
import type { XeroOrg } from '#lb/connectors/xero';
import type { NewPendingChange, PendingChanges } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import type { DrainContext } from './drain-context';
import type { PlannedWrite } from './resolve-writes';
import { settleAll } from './resolve-writes';

type Row = Record<string, unknown>;

/** Xero's UpdatedDateUTC as an ISO instant (xero-node answers a Date, JSON copies a string). */
function updatedAtOf(row: Row): string | undefined {
  const at = row.updatedDateUTC;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export interface NewerInXero {
  /** The X3 change set back, with the Xero edit's stamp. */
  change: PlannedWrite['change'];
  updatedAt: string;
  /** The Xero record as read now: the xero-to-x3 change's source. */
  row: Row;
}

/**
 * The updates among `writes` whose Xero record holds an edit not carried yet. Only both-ways
 * flows, only records we have written or read before (a recorded stamp), and each Xero edit once:
 * an X3 change already set back behind this very stamp goes ahead (the edit was carried, or
 * found equal).
 */
export async function findNewerInXero(
  org: XeroOrg,
  context: DrainContext,
  writes: PlannedWrite[],
): Promise<NewerInXero[]> {
  const source = XERO_SOURCES[context.entity];
  if (context.flow.direction !== 'both-ways' || !source) return [];
  const updates = writes.filter(
    (w) => w.decided.decision === 'update' && w.decided.reference?.xeroId && w.decided.reference.xeroUpdatedAt,
  );
  if (!updates.length) return [];
  const current = await fetchByIds(
    org,
    source,
    updates.map((w) => w.decided.reference!.xeroId!),
  );
  const newer: NewerInXero[] = [];
  for (const w of updates) {
    const row = current.get(w.decided.reference!.xeroId!.toLowerCase());
    const updatedAt = row && updatedAtOf(row);
    if (!row || !updatedAt) continue;
    const recorded = w.decided.reference!.xeroUpdatedAt!.getTime();
    if (Date.parse(updatedAt) <= recorded || w.change.outcome?.deferredBehind === updatedAt) continue;
    newer.push({ change: w.change, updatedAt, row });
  }
  return newer;
}

/**
 * In the caller's transaction: each Xero edit accepted as a change of the flow (lane of the X3
 * change it overtakes), each X3 change released behind it with the stamp it deferred to.
 */
export async function deferBehindXero(
  m: EntityManager,
  pending: PendingChanges,
  context: DrainContext,
  claimId: string,
  newer: NewerInXero[],
): Promise<void> {
  if (!newer.length) return;
  const source = XERO_SOURCES[context.entity]!;
  const changes: NewPendingChange[] = newer.map((n) => ({
    integrationId: context.integration.id,
    flowKey: context.flowKey,
    entity: context.entity,
    direction: 'xero-to-x3',
    sourceKey: String(n.row[source.idField]),
    lane: n.change.lane,
    // a plain JSON copy, as the Xero poll accepts its records
    source: JSON.parse(JSON.stringify(n.row)) as Row,
  }));
  await pending.accept(m, context.integration.tenantId, changes);
  const message = 'Xero holds a newer edit of this record: carried to X3 first, by the conflict rules';
  await settleAll(
    m,
    pending,
    claimId,
    newer.map((n) => ({
      change: n.change,
      settlement: {
        kind: 'release' as const,
        // after the Xero edit: a claim takes that first (or both, and carries Xero's part first)
        delayMs: 1_000,
        outcome: { ...(n.change.outcome ?? {}), messages: [message], deferredBehind: n.updatedAt },
      },
    })),
  );
}
