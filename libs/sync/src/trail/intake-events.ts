// Intake and replay events of the record trail, written in the same transaction as the pending
// changes they describe (one multi-row INSERT per accepted page), and the GDPRREQUEST screen:
// a Xero contact Xero marked for erasure is not carried, and what we kept of it is purged.
import { EntityManager } from 'typeorm';
import { recordKeyOf, intakeOfLane } from './record-keys';
import { forgetRecords } from './trail-purge';

export interface IntakeChange {
  integrationId: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  lane: number;
  source: Record<string, unknown> | null;
}

const COLUMNS = 10;

/** Xero marks a contact whose owner asked to be forgotten ContactStatus GDPRREQUEST. */
export function isGdprRequest(source: Record<string, unknown> | null | undefined): boolean {
  return source?.ContactStatus === 'GDPRREQUEST';
}

/**
 * Splits off the GDPRREQUEST contacts of a page (their trail and payloads are purged, open changes
 * stopped) and returns the rest to accept.
 */
export async function screenGdprRequests<T extends IntakeChange>(m: EntityManager, changes: T[]): Promise<T[]> {
  const erased = changes.filter((c) => c.direction === 'xero-to-x3' && isGdprRequest(c.source));
  if (!erased.length) return changes;
  const byIntegration = new Map<string, string[]>();
  for (const c of erased)
    byIntegration.set(c.integrationId, [...(byIntegration.get(c.integrationId) ?? []), c.sourceKey]);
  for (const [integrationId, keys] of byIntegration) await forgetRecords(m, integrationId, keys);
  return changes.filter((c) => !erased.includes(c));
}

/** One 'accepted' event per change of the page (no payload: the drain's 'mapped' event carries it). */
export async function recordAccepted(m: EntityManager, tenantId: string, changes: IntakeChange[]): Promise<void> {
  await insertIntakeEvents(
    m,
    tenantId,
    'accepted',
    changes.map((c) => ({
      ...c,
      intake: intakeOfLane(c.lane),
      recordKey: recordKeyOf(c.direction, c.sourceKey, c.source),
    })),
  );
}

export interface ReplayedRow {
  id: string;
  integration_id: string;
  flow_key: string;
  entity: string;
  direction: string;
  source_key: string;
  record_key: string;
}

/** One 'replayed' event per dead letter or held change put back in line. */
export async function recordReplayed(m: EntityManager, tenantId: string, rows: ReplayedRow[]): Promise<void> {
  await insertIntakeEvents(
    m,
    tenantId,
    'replayed',
    rows.map((r) => ({
      pendingChangeId: r.id,
      integrationId: r.integration_id,
      flowKey: r.flow_key,
      entity: r.entity,
      direction: r.direction,
      sourceKey: r.source_key,
      recordKey: r.record_key,
      intake: 'replay',
    })),
  );
}

interface IntakeRow {
  pendingChangeId?: string;
  integrationId: string;
  flowKey: string;
  entity: string;
  direction: string;
  sourceKey: string;
  recordKey: string;
  intake: string;
}

async function insertIntakeEvents(m: EntityManager, tenantId: string, event: string, rows: IntakeRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const params: unknown[] = [];
    const values = rows.slice(at, at + 500).map((r, i) => {
      params.push(tenantId, r.integrationId, r.pendingChangeId ?? null, r.flowKey, r.entity);
      params.push(r.direction, event, r.intake, r.sourceKey, r.recordKey);
      const n = i * COLUMNS;
      return `(${Array.from({ length: COLUMNS }, (_, k) => `$${n + k + 1}`).join(', ')}, now())`;
    });
    await m.query(
      `INSERT INTO sync_record_events (tenant_id, integration_id, pending_change_id, flow_key, entity, direction,
         event, intake, source_key, record_key, at)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
}
