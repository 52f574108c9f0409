// poll-xero: If-Modified-Since polling of one flow's Xero resource, for what Xero does not push
// (payments) and any webhook that never came. The cursor (sync_flow_cursors, side 'xero') holds
// the newest UpdatedDateUTC accepted; each page (pageSize 1000) is accepted as pending changes
// (lane polling; backfill on the first run) in the transaction that advances the cursor.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { isXeroCallError, XeroOrgFactory, XeroReads } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import type { CanonicalEntity } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { dayPlanOf } from '../budget/call-plans.service';
import { orgForPurpose } from '../budget/purpose-org';
import { requestDrain } from '../pending/drain-jobs';
import { SyncFlowCursor } from '../pending/flow-cursor.entity';
import { LANES } from '../pending/lanes';
import { FlowScope, PendingChanges } from '../pending/pending-changes.service';
import { echoesOf } from './echo-filter';
import {
  copyOfXeroRow,
  isCopiedEntity,
  paymentsOnOurDocuments,
  recordLedgerCopies,
} from '../ledger-copies/ledger-copies';
import { flowDocument, keepsXeroCopies, readsXero } from './xero-flows';
import { XERO_SOURCES, XeroSource } from './xero-resources';

type Row = Record<string, unknown>;

/** Pages one poll reads at most; the next poll goes on from the cursor. */
export const POLL_MAX_PAGES = 10;
/**
 * Re-read below the cursor: If-Modified-Since has second precision and records sharing the
 * newest second may straddle a page. A record read twice coalesces and is then found unchanged.
 */
const OVERLAP_MS = 1_000;

export interface XeroPollDeps {
  tx: TenantTransactions;
  jobs: JobProducer;
  orgs: Pick<XeroOrgFactory, 'forConnection'>;
  reads: Pick<XeroReads, 'listPage'>;
  /** The app's day limit (XERO_DAY_LIMIT): polls then leave the higher purposes' day reserve. */
  dayLimit?: number;
}

export interface XeroPollReport {
  pages: number;
  accepted: number;
  idle?: 'no-flow' | 'disabled' | 'paused' | 'unsupported';
  /** No Xero slot: poll again after this many ms. */
  retryAfterMs?: number;
}

const updatedAt = (row: Row): number => {
  const value = row.updatedDateUTC;
  if (value instanceof Date) return value.getTime();
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
};

export async function pollXeroFlow(deps: XeroPollDeps, tenantId: string, scope: FlowScope): Promise<XeroPollReport> {
  const start = await deps.tx.run(tenantId, async (m) => {
    const integration = await m.findOne(Integration, { where: { id: scope.integrationId } });
    const flow = integration ? await flowDocument(m, scope.integrationId, scope.flowKey) : null;
    if (!integration || !flow) return { idle: 'no-flow' as const };
    // a flow writing invoices or bills to Xero only is polled for reconciliation's copies only
    const copiesOnly = !readsXero(flow.document);
    if (!flow.document.enabled || (copiesOnly && !keepsXeroCopies(flow.document))) return { idle: 'disabled' as const };
    if (integration.pauseReasons.length || flow.pauseReasons.length) return { idle: 'paused' as const };
    const source = XERO_SOURCES[flow.document.entity];
    if (!source) return { idle: 'unsupported' as const };
    const cursor = await m.findOne(SyncFlowCursor, { where: { ...scope, side: 'xero' } });
    const since = typeof cursor?.cursor.modifiedSince === 'string' ? new Date(cursor.cursor.modifiedSince) : undefined;
    const plan = deps.dayLimit ? await dayPlanOf(m, scope.integrationId, deps.dayLimit) : null;
    return { integration, entity: flow.document.entity, source, since, plan, copiesOnly };
  });
  if (!('integration' in start) || !start.integration) return { pages: 0, accepted: 0, idle: start.idle };
  const { integration, entity, source } = start;
  const since = start.since;
  const report: XeroPollReport = { pages: 0, accepted: 0 };
  try {
    const lane = start.since ? LANES.polling : LANES.backfill;
    const connected = await deps.orgs.forConnection(tenantId, integration.xeroConnectionId);
    const purpose = lane === LANES.backfill ? 'backfill' : 'polling';
    const org = start.plan ? orgForPurpose(connected, purpose, start.plan) : connected;
    for (let page = 1; page <= POLL_MAX_PAGES; page++) {
      const { records, more } = await deps.reads.listPage(org, source.resource, {
        modifiedSince: since,
        where: source.where,
        order: 'UpdatedDateUTC ASC',
        page,
        pageSize: 1000,
      });
      report.pages++;
      // the next page is of the same listing (same If-Modified-Since); the cursor moves per page
      report.accepted += await deps.tx.run(tenantId, (m) =>
        acceptPage(deps, m, tenantId, scope, { entity, source, lane, copiesOnly: start.copiesOnly }, records, since),
      );
      if (!more) break;
    }
  } catch (error) {
    if (isXeroCallError(error) && error.kind === 'rate-limited') {
      report.retryAfterMs = Math.max(0, (error.retryAt?.getTime() ?? Date.now() + 1_000) - Date.now());
      return report;
    }
    throw error;
  }
  return report;
}

interface PolledFlow {
  entity: CanonicalEntity;
  source: XeroSource;
  lane: number;
  /** A flow writing Xero only: the page updates reconciliation's copies, nothing goes to X3. */
  copiesOnly: boolean;
}

/**
 * One page: its changes accepted (our own writes coming back left out), the cursor moved to its
 * newest stamp, the drain asked for. Returns how many changes it accepted.
 */
async function acceptPage(
  deps: XeroPollDeps,
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  { entity, source, lane, copiesOnly }: PolledFlow,
  records: Row[],
  since: Date | undefined,
): Promise<number> {
  const ours = records.filter((r) => source.belongs(r)).filter((r) => typeof r[source.idField] === 'string');
  const idOf = (r: Row) => String(r[source.idField]).toLowerCase();
  const stamps = ours.map((r) => ({ xeroId: idOf(r), updatedMs: updatedAt(r) }));
  // every one read is the Xero side's latest copy for reconciliation, our own echoes included
  if (isCopiedEntity(entity)) {
    // payments: only those on a document the sync links (the rest are the organisation's own)
    const copied = entity === 'payment' ? await paymentsOnOurDocuments(m, scope.integrationId, ours) : ours;
    await recordLedgerCopies(
      m,
      tenantId,
      scope.integrationId,
      copied.map((r) => copyOfXeroRow(entity, r)),
      { ourDocumentsOnly: copiesOnly },
    );
  }
  const echoes = copiesOnly
    ? new Set<string>()
    : await echoesOf(m, { integrationId: scope.integrationId, entity }, stamps);
  const mine = copiesOnly ? [] : ours.filter((r) => !echoes.has(idOf(r)));
  if (mine.length) {
    await new PendingChanges().accept(
      m,
      tenantId,
      mine.map((r) => ({
        ...scope,
        entity,
        direction: 'xero-to-x3' as const,
        sourceKey: idOf(r),
        lane,
        // as JSON: the SDK's Date objects become the ISO text the adapters read
        source: JSON.parse(JSON.stringify(r)) as Row,
      })),
    );
    await requestDrain(deps.jobs, tenantId, scope, lane, m);
  }
  const times = records.map(updatedAt).filter((t) => !Number.isNaN(t));
  const newest = times.length ? Math.max(...times) : undefined;
  const from = since?.getTime();
  const next = newest === undefined ? from : Math.max(from ?? 0, newest - OVERLAP_MS);
  await m.query(
    `INSERT INTO sync_flow_cursors (tenant_id, integration_id, flow_key, side, cursor, polled_at)
     VALUES ($1, $2, $3, 'xero', $4::jsonb, now())
     ON CONFLICT (tenant_id, integration_id, flow_key, side)
     DO UPDATE SET cursor = CASE WHEN EXCLUDED.cursor ? 'modifiedSince' THEN EXCLUDED.cursor ELSE sync_flow_cursors.cursor END,
                   polled_at = now(), updated_at = now()`,
    [
      tenantId,
      scope.integrationId,
      scope.flowKey,
      JSON.stringify(next === undefined ? {} : { modifiedSince: new Date(next).toISOString() }),
    ],
  );
  return mine.length;
}

/** A flow's Xero poll every this many (Xero) seconds unless its trigger is a schedule. */
export const DEFAULT_XERO_POLL_SECONDS = 300;

/**
 * Queues the flow's next poll-xero. One job id per flow and time slot: several workers (or a
 * poll run twice) queue the same next poll once.
 */
export function requestXeroPoll(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  delayMs: number,
  within?: EntityManager,
): Promise<void> {
  const slot = Math.floor((Date.now() + delayMs) / Math.max(1_000, delayMs));
  return jobs.enqueue(
    'sync',
    'poll-xero',
    { tenantId, ...scope },
    { jobId: `poll-xero:${scope.integrationId}:${scope.flowKey}:${slot}`, delay: delayMs },
    within,
  );
}

/**
 * One poll now, outside the flow's chain (it queues no next poll): a webhook announced a change of
 * a document a copy-keeping flow wrote. One job id per flow and second: a burst of events is one poll.
 */
export function requestXeroPollOnce(
  jobs: JobProducer,
  tenantId: string,
  scope: FlowScope,
  within?: EntityManager,
): Promise<void> {
  const slot = Math.floor(Date.now() / 1_000);
  return jobs.enqueue(
    'sync',
    'poll-xero',
    { tenantId, ...scope, once: true },
    { jobId: `poll-xero-once:${scope.integrationId}:${scope.flowKey}:${slot}` },
    within,
  );
}
