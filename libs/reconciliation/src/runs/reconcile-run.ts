// A reconciliation run: for each entity the sync keeps copies of, both sides streamed in match-key
// order and merge-joined; each key that differs is classified and stored with its likely cause
// and suggested fix, a few hundred per insert. Memory: one page per side plus one insert batch.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { classify, Classified, DifferenceClass, SideValues } from './classify';
import { CopyRow, keyGroups, LOCAL_AMOUNTS_DUE, mergeJoin, StreamScope, AmountsDueSource } from './side-stream';
import { ReconRun } from './recon-run.entity';
import type { RunLedgerResult } from '../ledger/run-ledger';
import { ledgerDifferences } from './ledger-differences';
import { markUnmapped } from './mark-unmapped';
import { markInFlight } from './mark-in-flight';

/** What a run compares, parties and products first (a document's party must exist to be written), payments last. */
export const RECONCILED_ENTITIES = [
  'customer',
  'supplier',
  'product',
  'invoice',
  'bill',
  'creditNote',
  'payment',
] as const;

const INSERT_BATCH = 500;

export interface ReconcileDeps {
  tx: TenantTransactions;
  /** Xero's amounts due as of the date (the aged reports, when plugged in); default: the local copy. */
  xeroAmountsDue?: AmountsDueSource;
  /** The GL comparison (run-ledger.ts, when plugged in): both trial balances through the mapping. */
  ledger?: (tenantId: string, integrationId: string, asOf: string) => Promise<RunLedgerResult>;
}

interface Found extends Classified {
  entity: string;
  matchKey: string;
  x3: CopyRow[];
  xero: CopyRow[];
}

/** A copy as stored on a difference: without the stream's match key (the difference has it). */
type Stored = SideValues & { matchKey?: string };
const sideValues = (rows: Stored[]) => rows.map(({ matchKey: _key, ...values }) => values);

async function insertDifferences(
  m: EntityManager,
  run: ReconRun,
  found: Array<Classified & { entity: string; matchKey: string; x3: Stored[]; xero: Stored[] }>,
): Promise<void> {
  if (!found.length) return;
  const rows = found.map((f) => ({
    entity: f.entity,
    matchKey: f.matchKey,
    cls: f.differenceClass,
    x3: sideValues(f.x3),
    xero: sideValues(f.xero),
    cause: f.likelyCause,
    fix: f.fix,
  }));
  await m.query(
    `INSERT INTO recon_differences (tenant_id, run_id, difference_class, entity, match_key, x3, xero, likely_cause, fix)
     SELECT $1, $2, d.cls, d.entity, d."matchKey", d.x3, d.xero, d.cause, d.fix
     FROM jsonb_to_recordset($3::jsonb) AS d(cls text, entity text, "matchKey" text, x3 jsonb, xero jsonb, cause text, fix jsonb)`,
    [run.tenantId, run.id, JSON.stringify(rows)],
  );
}

/**
 * A duplicate in Xero: the one to void is a copy the sync did not write (no cross-reference holds
 * it), whatever order the ids sort in — never the document X3's record is linked to.
 */
async function targetUnlinkedDuplicates(
  m: EntityManager,
  run: ReconRun,
  found: Found[],
  lockDate: string | undefined,
): Promise<void> {
  const dups = found.filter((f) => f.differenceClass === 'duplicate' && f.xero.length > 1 && f.fix.target);
  if (!dups.length) return;
  const linked = await m.query<Array<{ entity: string; xeroId: string }>>(
    `SELECT entity, lower(xero_id) AS "xeroId" FROM sync_cross_references
     WHERE integration_id = $1 AND state IN ('matched', 'written') AND xero_id IS NOT NULL
       AND entity = ANY($2) AND lower(xero_id) = ANY($3)`,
    [run.integrationId, [...new Set(dups.map((f) => f.entity))], dups.flatMap((f) => f.xero.map((c) => c.recordKey))],
  );
  const held = new Set(linked.map((l) => `${l.entity}|${l.xeroId}`));
  for (const f of dups) {
    const free = f.xero.filter((c) => !held.has(`${f.entity}|${c.recordKey}`));
    const extra = free[free.length - 1];
    if (extra && extra.recordKey !== f.fix.target) {
      // classified again with that copy as the extra one: its own state decides void or credit note
      const again = classify(f.entity, f.x3, [...f.xero.filter((c) => c !== extra), extra], { lockDate });
      if (again) f.fix = again.fix;
    }
  }
}

/**
 * The GL part, after the documents: the comparison kept on the run, its disagreeing lines stored
 * as differences (counted with the documents' per class). A side that fails fails the run, as the
 * aged reports do: a run never reads as "the ledgers agree" without having compared them.
 */
async function reconcileLedger(d: ReconcileDeps, run: ReconRun, counts: Record<string, number>): Promise<void> {
  const ledger = await d.ledger!(run.tenantId, run.integrationId, run.asOf);
  await d.tx.run(run.tenantId, async (m) => {
    if ('lines' in ledger) {
      const found = ledgerDifferences(ledger);
      await insertDifferences(m, run, found);
      counts.glAccounts = ledger.lines.length;
      for (const f of found) counts[f.differenceClass] = (counts[f.differenceClass] ?? 0) + 1;
    }
    await m.update(ReconRun, { id: run.id }, { ledger });
  });
}

/** Runs a queued (or failed, retried) run to done, or to failed with the reason. */
export async function reconcileRun(d: ReconcileDeps, tenantId: string, runId: string): Promise<ReconRun> {
  const run = await d.tx.run(tenantId, async (m) => {
    const r = await m.findOneOrFail(ReconRun, { where: { id: runId } });
    // a retry starts clean: the failed attempt's differences are not this attempt's
    await m.query(`DELETE FROM recon_differences WHERE run_id = $1`, [r.id]);
    await m.update(
      ReconRun,
      { id: r.id },
      { state: 'running', startedAt: new Date(), failure: null, finishedAt: null, ledger: null },
    );
    return r;
  });
  const counts: Record<string, number> = {};
  try {
    // Xero's lock date: a document dated on or before it is adjusted, never edited or created there
    const lockDate = await d.xeroAmountsDue?.lockDate?.({ tenantId, integrationId: run.integrationId });
    for (const entity of RECONCILED_ENTITIES) {
      const scope: StreamScope = { tenantId, integrationId: run.integrationId, entity, asOf: run.asOf };
      const x3 = keyGroups(d.tx, scope, 'x3');
      const xero = keyGroups(d.tx, scope, 'xero', d.xeroAmountsDue ?? LOCAL_AMOUNTS_DUE);
      let batch: Found[] = [];
      const flush = async () => {
        const found = batch;
        batch = [];
        await d.tx.run(tenantId, async (m) => {
          await markUnmapped(m, run, found);
          await markInFlight(m, run, found);
          await targetUnlinkedDuplicates(m, run, found, lockDate);
          await insertDifferences(m, run, found);
        });
        for (const f of found) counts[f.differenceClass] = (counts[f.differenceClass] ?? 0) + 1;
      };
      for await (const pair of mergeJoin(x3, xero)) {
        counts.compared = (counts.compared ?? 0) + 1;
        const c = classify(entity, pair.x3, pair.xero, { lockDate });
        if (c) batch.push({ ...c, entity, matchKey: pair.matchKey, x3: pair.x3, xero: pair.xero });
        if (batch.length >= INSERT_BATCH) await flush();
      }
      await flush();
    }
    if (d.ledger) await reconcileLedger(d, run, counts);
  } catch (e) {
    const failure = `the reconciliation stopped: ${e instanceof Error ? e.message : String(e)}; run it again`;
    await d.tx.run(tenantId, (m) =>
      m.update(ReconRun, { id: run.id }, { state: 'failed', failure, counts, finishedAt: new Date() }),
    );
    return { ...run, state: 'failed', failure, counts };
  }
  const finishedAt = new Date();
  await d.tx.run(tenantId, (m) => m.update(ReconRun, { id: run.id }, { state: 'done', counts, finishedAt }));
  return { ...run, state: 'done', failure: null, counts, finishedAt };
}

export type DifferenceCounts = Partial<Record<DifferenceClass | 'compared', number>>;
