// Writes a drain run's trail at its end: one sync_runs row, the events in multi-row INSERTs (500
// a statement), dead letters' sources masked at rest in one UPDATE, and a GDPRREQUEST contact's
// trail purged. A run that claimed nothing and did not fail leaves nothing.
import { EntityManager } from 'typeorm';
import { maskSource } from '../operations/mask-source';
import { RunTrail, TrailEventRow } from './run-trail';
import type { SyncRunOutcome } from './sync-run.entity';
import { forgetRecords } from './trail-purge';

const EVENT_CHUNK = 500;
const EVENT_COLUMNS = 15;

export interface RunEnd {
  /** The drain report's status. */
  status: string;
  direction: string;
  error?: string;
}

/** failed: the run broke (or could not reach the target at all); partial: dead letters or holds; else ok. */
export function outcomeOf(trail: RunTrail, end: RunEnd): SyncRunOutcome {
  if (end.error || end.status === 'paused') return 'failed';
  const settled = trail.counts.created + trail.counts.updated + trail.counts.unchanged;
  if (end.status === 'retrying' || end.status === 'rate-limited') return settled > 0 ? 'partial' : 'failed';
  return trail.counts.dead + trail.counts.held > 0 ? 'partial' : 'ok';
}

export async function writeRunTrail(m: EntityManager, trail: RunTrail, end: RunEnd): Promise<boolean> {
  if (trail.forgotten.size) await forgetRecords(m, trail.integrationId, [...trail.forgotten]);
  if (trail.counts.claimed === 0 && !end.error) return false;
  const c = trail.counts;
  await m.query(
    `INSERT INTO sync_runs (id, tenant_id, integration_id, flow_key, direction, started_at, finished_at, claimed,
       created, updated, unchanged, dead, held, waiting, xero_calls, outcome, status, error)
     VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      trail.runId,
      trail.tenantId,
      trail.integrationId,
      trail.flowKey,
      end.direction,
      trail.startedAt,
      c.claimed,
      c.created,
      c.updated,
      c.unchanged,
      c.dead,
      c.held,
      c.waiting,
      trail.xero.calls,
      outcomeOf(trail, end),
      end.status,
      end.error?.slice(0, 2000) ?? null,
    ],
  );
  const rows = trail.rows();
  for (let at = 0; at < rows.length; at += EVENT_CHUNK) {
    await insertEvents(m, trail, rows.slice(at, at + EVENT_CHUNK));
  }
  await maskDeadSources(m, trail);
  return true;
}

async function insertEvents(m: EntityManager, trail: RunTrail, rows: TrailEventRow[]): Promise<void> {
  const params: unknown[] = [];
  const values = rows.map((r, i) => {
    params.push(trail.tenantId, trail.integrationId, trail.runId, r.pendingChangeId, r.flowKey, r.entity);
    params.push(r.direction, r.event, r.at, r.sourceKey, r.recordKey, r.targetId);
    params.push(json(r.before), json(r.after), json(r.response));
    const n = i * EVENT_COLUMNS;
    const p = (k: number) => `$${n + k}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)}, ${p(13)}::jsonb, ${p(14)}::jsonb, ${p(15)}::jsonb)`;
  });
  await m.query(
    `INSERT INTO sync_record_events (tenant_id, integration_id, run_id, pending_change_id, flow_key, entity,
       direction, event, at, source_key, record_key, target_id, before, after, response)
     VALUES ${values.join(', ')}`,
    params,
  );
}

/** A dead letter keeps its source for support, with bank and tax numbers masked (a replay re-reads it). */
async function maskDeadSources(m: EntityManager, trail: RunTrail): Promise<void> {
  if (!trail.deadSources.size) return;
  const masked = [...trail.deadSources].map(([id, source]) => ({ id, source: maskSource(source) }));
  await m.query(
    `UPDATE sync_pending_changes p SET source = v.source
     FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, source jsonb)
     WHERE p.id = v.id AND p.state = 'dead'`,
    [JSON.stringify(masked)],
  );
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
