// The remainder of an order X3 invoiced in part, written in the partial invoice's own batch
// (draft-matches.ts): the invoice flow maps the order with the orders flow's own mapping version,
// as that flow would (order-remainders.ts), and the draft's update rides beside the invoice's
// create, so Xero never holds the invoice beside a draft still showing the whole order.
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { X3Record } from '#lb/connectors/sage-x3';
import { CrossReferences, decideAgainst, KeyedRecord } from '../cross-references/cross-references.service';
import type { SyncCrossReference } from '../cross-references/cross-reference.entity';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Compiled, OrgFacts } from './drain-caches';
import { DrainContext, loadDrainContext } from './drain-context';
import { entityPlanOf, waitingKeyOf } from './entity-plans';
import { mapChanges } from './map-records';
import { prerequisiteIds } from './resolve-writes';

type Row = Record<string, unknown>;

/** The draft's update to the remainder: its payload (the batch's) and what its cross-reference records. */
export interface RemainderWrite {
  payload?: Row;
  contentHash: string;
  mappingVersion: number;
}

/** The remainder to write, 'unchanged' (the draft shows it already), or undefined (the orders flow redrafts it). */
export type PlanRemainder = (
  order: X3Record,
  draft: SyncCrossReference,
) => Promise<RemainderWrite | 'unchanged' | undefined>;

export interface RemainderDeps {
  tx: TenantTransactions;
  crossRefs: CrossReferences;
  facts: OrgFacts;
  compile: (context: DrainContext) => Compiled;
  readX3: (node: string, key: string) => Promise<X3Record>;
}

/** The integration's orders flows drafting on entry (their drafts are `salesOrder` cross-references). */
export async function entryOrderFlows(m: EntityManager, integrationId: string): Promise<string[]> {
  const rows: Array<{ flow_key: string }> = await m.query(
    `SELECT h.flow_key FROM sync_flow_heads h JOIN sync_flow_versions v ON v.id = h.active_version_id
     WHERE h.integration_id = $1 AND v.document->>'entity' = 'salesOrder'
       AND v.document->>'direction' = 'x3-to-xero'
       AND coalesce(v.document->'options'->>'draftOn', 'entry') = 'entry'
     ORDER BY h.flow_key`,
    [integrationId],
  );
  return rows.map((r) => r.flow_key);
}

export function remainderPlanner(d: RemainderDeps, integration: { id: string; tenantId: string }): PlanRemainder {
  let loaded: Promise<DrainContext | undefined> | undefined;
  const ordersContext = () =>
    (loaded ??= d.tx.run(integration.tenantId, async (m) => {
      const [flowKey] = await entryOrderFlows(m, integration.id);
      if (!flowKey) return undefined;
      const l = await loadDrainContext(m, { integrationId: integration.id, flowKey });
      return l.kind === 'ready' ? l.context : undefined;
    }));
  return async (order, draft) => {
    const context = await ordersContext();
    if (!context) return undefined;
    // the order as its change would be mapped: with its source, so nothing but tax rates is read
    const change = { id: `remainder:${draft.x3Key}`, sourceKey: draft.x3Key, source: order, attempts: 0 };
    const [v] = await mapChanges([change as unknown as SyncPendingChange], {
      context,
      compiled: d.compile(context),
      facts: d.facts,
      readX3: d.readX3,
    });
    if (v?.kind !== 'mapped' || v.instead) return undefined;
    const plan = entityPlanOf('salesOrder')!;
    const needs = plan.prerequisites(v.record);
    const ids = await d.tx.run(integration.tenantId, (m) => prerequisiteIds(m, d.crossRefs, integration.id, needs));
    if (needs.some((p) => !ids.has(waitingKeyOf(p)))) return undefined;
    const decided = decideAgainst(draft, v.record as unknown as KeyedRecord);
    if (decided.decision === 'unchanged') return 'unchanged';
    const payload = { ...v.payload };
    plan.resolve(payload, v.record, (p) => ids.get(waitingKeyOf(p))!);
    return { payload, contentHash: decided.contentHash, mappingVersion: context.mapping.version };
  };
}
