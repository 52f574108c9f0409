// The enabled flows of an integration that read Xero (xero-to-x3 or both-ways), with their documents.
import { EntityManager } from 'typeorm';
import type { CanonicalEntity } from '#lb/mapping';
import type { FlowDocument } from '../flows/flow-document';

export interface XeroReadingFlow {
  flowKey: string;
  version: number;
  document: FlowDocument;
}

export const readsXero = (d: Pick<FlowDocument, 'direction'>) =>
  d.direction === 'xero-to-x3' || d.direction === 'both-ways';

/** The x3-to-xero flows writing documents Xero lets others edit: their Xero side is polled for copies only. */
const COPY_KEPT: ReadonlySet<string> = new Set(['invoice', 'bill']);

/**
 * Whether the flow writes invoices or bills to Xero only: reconciliation needs Xero's side of them
 * as it is now (an edit, a second copy keyed in Xero), so they are polled — into the ledger copies
 * only, never back to X3.
 */
export const keepsXeroCopies = (d: Pick<FlowDocument, 'direction' | 'entity'>) =>
  d.direction === 'x3-to-xero' && COPY_KEPT.has(d.entity);

/** The enabled copy-keeping flows of an integration among `entities` (keepsXeroCopies). */
export async function copyKeepingFlows(
  m: EntityManager,
  integrationId: string,
  entities: CanonicalEntity[],
): Promise<XeroReadingFlow[]> {
  const kept = entities.filter((e) => COPY_KEPT.has(e));
  if (!kept.length) return [];
  const rows: Array<{ flow_key: string; version: number; document: FlowDocument }> = await m.query(
    `SELECT h.flow_key, v.version, v.document
     FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND v.document->>'enabled' = 'true'
       AND v.document->>'direction' = 'x3-to-xero' AND v.document->>'entity' = ANY($2)
     ORDER BY h.flow_key`,
    [integrationId, kept],
  );
  return rows.map((r) => ({ flowKey: r.flow_key, version: Number(r.version), document: r.document }));
}

/** One query: each flow head's active document, kept when enabled, reading Xero and of `entities` (all when omitted). */
export async function xeroReadingFlows(
  m: EntityManager,
  integrationId: string,
  entities?: CanonicalEntity[],
): Promise<XeroReadingFlow[]> {
  const rows: Array<{ flow_key: string; version: number; document: FlowDocument }> = await m.query(
    `SELECT h.flow_key, v.version, v.document
     FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1
       AND v.document->>'enabled' = 'true'
       AND v.document->>'direction' IN ('xero-to-x3', 'both-ways')
     ORDER BY h.flow_key`,
    [integrationId],
  );
  return rows
    .filter((r) => !entities || entities.includes(r.document.entity))
    .map((r) => ({ flowKey: r.flow_key, version: Number(r.version), document: r.document }));
}

/** One flow's active document, whatever it reads (the drain checks the direction). */
export async function flowDocument(m: EntityManager, integrationId: string, flowKey: string) {
  const rows: Array<{ version: number; document: FlowDocument; pause_reasons: string[] }> = await m.query(
    `SELECT v.version, v.document, h.pause_reasons FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND h.flow_key = $2`,
    [integrationId, flowKey],
  );
  return rows[0]
    ? { version: Number(rows[0].version), document: rows[0].document, pauseReasons: rows[0].pause_reasons }
    : null;
}
