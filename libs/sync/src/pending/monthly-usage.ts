// The fair-use meter: records written to the other side per tenant per calendar month (UTC),
// counted when a change is settled as written. Read by billing (plans' recordsPerMonth).
import { EntityManager } from 'typeorm';
import type { PendingChangeOutcome } from './pending-change.entity';

/** Outcomes that wrote to the target system; unchanged, matched, skipped or flagged cost no write. */
const WRITES = new Set<PendingChangeOutcome['action']>(['created', 'updated', 'deleted', 'voided', 'archived']);

export function isWrite(action: PendingChangeOutcome['action'] | null | undefined): boolean {
  return !!action && WRITES.has(action);
}

/** The first day of `at`'s month, UTC, as a date ('2026-12-01'). */
export function monthOf(at: Date): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

/** Adds written records to this month's count, in the caller's tenant transaction. */
export async function countWritten(m: EntityManager, tenantId: string, records: number): Promise<void> {
  if (records <= 0) return;
  await m.query(
    `INSERT INTO sync_monthly_usage (tenant_id, month, records) VALUES ($1, (date_trunc('month', now() AT TIME ZONE 'UTC'))::date, $2)
     ON CONFLICT (tenant_id, month) DO UPDATE SET records = sync_monthly_usage.records + EXCLUDED.records, updated_at = now()`,
    [tenantId, records],
  );
}

/** Records written in the month of `at` (UTC), in the caller's tenant transaction. */
export async function recordsWrittenIn(m: EntityManager, at: Date): Promise<number> {
  const rows: Array<{ records: number }> = await m.query('SELECT records FROM sync_monthly_usage WHERE month = $1', [
    monthOf(at),
  ]);
  return rows[0] ? Number(rows[0].records) : 0;
}
