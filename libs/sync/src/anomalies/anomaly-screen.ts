// The drain's anomaly step (x3-to-xero invoices and bills), once each write is decided against its
// cross-reference and before the batch is prepared, in the drain's tenant transaction: a likely duplicate is held for approval before anything reaches Xero
// (the lock-date path: a 'held' settlement with a proposal); every other finding is stored and the
// document goes on to be written, flagged. The profiles are updated in the same transaction.
import { EntityManager } from 'typeorm';
import type { Bill, Invoice } from '#lb/mapping';
import type { PlannedWrite } from '../drain/resolve-writes';
import type { PendingChanges } from '../pending/pending-changes.service';
import type { DrainContext } from '../drain/drain-context';
import type { ProfileScope } from './anomaly.entities';
import type { DocFacts, Finding } from './detectors';
import { ProfileBook, screenDocuments, subjectsOf } from './screen-documents';

type Json = Record<string, unknown>;

const SCREENED: Record<string, string> = { invoice: 'customer', bill: 'supplier' };

/** What the held list shows as the choice. */
export const DUPLICATE_PROPOSAL =
  'Approve to write it to Xero anyway, or reject to skip it (the anomaly inbox); mark it expected to stop flagging this pattern';

export function screensAnomalies(context: Pick<DrainContext, 'entity'>): boolean {
  return SCREENED[context.entity] !== undefined;
}

function factsOf(record: Invoice | Bill, sourceKey: string, baseCurrency: string): DocFacts {
  const reference = record.entity === 'bill' ? (record.supplierReference ?? record.reference) : record.reference;
  return {
    sourceKey,
    partyKey: record.partyKey,
    date: record.date,
    total: record.totals.total,
    currency: record.currency,
    baseCurrency: baseCurrency || record.currency,
    ...(reference ? { reference } : {}),
    ...(record.exchangeRate?.rate ? { rate: record.exchangeRate.rate } : {}),
    priceBasis: record.priceBasis,
    lines: record.lines.map((l) => ({
      ...(l.taxCode ? { taxCode: l.taxCode } : {}),
      lineAmount: l.lineAmount,
      ...(l.taxAmount !== undefined ? { taxAmount: l.taxAmount } : {}),
    })),
  };
}

/** Loads (creating the missing ones) and locks the batch's profiles: concurrent drains of a tenant queue here. */
async function loadBook(m: EntityManager, context: DrainContext, subjects: Array<[ProfileScope, string]>) {
  const { tenantId, id: integrationId } = context.integration;
  const scopes = subjects.map((s) => s[0]);
  const names = subjects.map((s) => s[1]);
  await m.query(
    `INSERT INTO sync_anomaly_profiles (tenant_id, integration_id, entity, scope, subject)
     SELECT $1, $2, $3, s, n FROM unnest($4::text[], $5::text[]) AS t(s, n)
     ON CONFLICT ON CONSTRAINT uq_sync_anomaly_profiles_subject DO NOTHING`,
    [tenantId, integrationId, context.entity, scopes, names],
  );
  const rows: Array<{ scope: ProfileScope; subject: string; stats: Json; rules: Json }> = await m.query(
    `SELECT p.scope, p.subject, p.stats, p.rules FROM sync_anomaly_profiles p
     JOIN unnest($3::text[], $4::text[]) AS t(s, n) ON p.scope = t.s AND p.subject = t.n
     WHERE p.integration_id = $1 AND p.entity = $2
     ORDER BY p.scope, p.subject FOR UPDATE OF p`,
    [integrationId, context.entity, scopes, names],
  );
  const book = new ProfileBook();
  for (const r of rows) book.load(r.scope, r.subject, r.stats, r.rules);
  return book;
}

/** Source keys whose duplicate finding an admin approved or marked expected: written as they are. */
async function clearedKeys(m: EntityManager, context: DrainContext, keys: string[]): Promise<Set<string>> {
  const rows: Array<{ subject: string }> = await m.query(
    `SELECT subject FROM sync_anomaly_findings
     WHERE integration_id = $1 AND flow_key = $2 AND kind = 'duplicate' AND subject = ANY($3::text[])
       AND resolution IN ('approved', 'expected')`,
    [context.integration.id, context.flowKey, keys],
  );
  return new Set(rows.map((r) => r.subject));
}

async function storeFinding(
  m: EntityManager,
  context: DrainContext,
  subject: string,
  f: Finding,
  held: { pendingChangeId: string } | null,
): Promise<void> {
  // found again (a retry, a newer change): the figures are refreshed; an expected one stays expected
  await m.query(
    `INSERT INTO sync_anomaly_findings
       (tenant_id, integration_id, flow_key, entity, subject, kind, status, pending_change_id, explanation, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT ON CONSTRAINT uq_sync_anomaly_findings_subject DO UPDATE SET
       explanation = EXCLUDED.explanation, detail = EXCLUDED.detail, updated_at = now(),
       pending_change_id = COALESCE(EXCLUDED.pending_change_id, sync_anomaly_findings.pending_change_id),
       status = CASE WHEN EXCLUDED.status = 'held' THEN 'held'
                     WHEN sync_anomaly_findings.status = 'expected' THEN 'expected' ELSE EXCLUDED.status END,
       resolution = CASE WHEN EXCLUDED.status = 'held' THEN NULL ELSE sync_anomaly_findings.resolution END`,
    [
      context.integration.tenantId,
      context.integration.id,
      context.flowKey,
      context.entity,
      subject,
      f.kind,
      held ? 'held' : 'open',
      held?.pendingChangeId ?? null,
      f.explanation,
      JSON.stringify(f.detail),
    ],
  );
}

/**
 * The writes without the likely duplicates, which are settled as held; the findings and the
 * updated profiles stored. Only a document about to be created is judged a duplicate (an update
 * of one already in Xero is not a new copy); every one written is judged on its figures.
 */
export async function screenAnomalies(
  m: EntityManager,
  pending: PendingChanges,
  claimId: string,
  context: DrainContext,
  baseCurrency: string,
  writes: PlannedWrite[],
  now = new Date(),
): Promise<PlannedWrite[]> {
  const partyLabel = SCREENED[context.entity];
  if (!partyLabel) return writes;
  const docs = new Map<PlannedWrite, DocFacts>();
  for (const w of writes) {
    const record = w.record as Invoice | Bill;
    if (record.entity !== context.entity || !record.partyKey || !record.totals?.total || !record.date) continue;
    docs.set(w, factsOf(record, w.change.sourceKey, baseCurrency));
  }
  if (!docs.size) return writes;
  const batch = [...docs.values()];
  const book = await loadBook(m, context, subjectsOf(batch, context.flowKey));
  const cleared = await clearedKeys(
    m,
    context,
    batch.map((d) => d.sourceKey),
  );
  for (const [w, d] of docs) if (w.decided.decision !== 'create') cleared.add(d.sourceKey);
  const hour = now.toISOString().slice(0, 13);
  const { screened, volume } = screenDocuments(book, batch, { flowKey: context.flowKey, partyLabel, hour, cleared });
  const findingsOf = new Map(screened.map((s) => [s.doc, s.findings]));
  const out: PlannedWrite[] = [];
  for (const w of writes) {
    const doc = docs.get(w);
    const findings = doc ? (findingsOf.get(doc) ?? []) : [];
    const duplicate = findings.find((f) => f.kind === 'duplicate');
    for (const f of findings) {
      await storeFinding(m, context, doc!.sourceKey, f, f === duplicate ? { pendingChangeId: w.change.id } : null);
    }
    if (!duplicate) {
      out.push(w);
      continue;
    }
    await pending.settle(m, w.change, claimId, {
      kind: 'held',
      outcome: {
        action: 'duplicate-held',
        messages: [`likely duplicate: ${duplicate.explanation}`],
        proposal: DUPLICATE_PROPOSAL,
      },
      mappingVersion: context.mapping.version,
    });
  }
  if (volume) await storeFinding(m, context, `hour:${hour}`, volume, null);
  for (const p of book.changed()) {
    await m.query(
      `UPDATE sync_anomaly_profiles SET stats = $5, updated_at = now()
       WHERE integration_id = $1 AND entity = $2 AND scope = $3 AND subject = $4`,
      [context.integration.id, context.entity, p.scope, p.subject, JSON.stringify(p.stats)],
    );
  }
  return out;
}
