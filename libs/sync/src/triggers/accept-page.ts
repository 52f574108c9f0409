// One page of X3 records into pending changes, in ONE tenant transaction: the changes, the
// delivery marks that say they were taken, and the drain that will carry them commit together.
import { EntityManager } from 'typeorm';
import { X3Delivery, X3DeliveryStore, X3Record } from '#lb/connectors/sage-x3';
import { JobProducer } from '#lb/queues';
import { observeFlowEvents, x3EventsOf } from '../flow-runs/flow-events';
import { FlowScope, PendingChanges, requestDrain } from '../pending';
import type { X3PollContext } from './x3-poll-context';

/** Records per transaction: small enough to keep row locks short, large enough to keep commits few. */
export const ACCEPT_PAGE = 200;

/** The delivered hash that marks a record the comparison found deleted in X3. */
export const DELETED_HASH = 'deleted';

/**
 * The source of a pending change for a record deleted in X3. The drain does not delete in Xero:
 * with the default deletions 'flag' it settles the change as flagged for review.
 */
export interface X3DeletedSource extends Record<string, unknown> {
  _deleted: true;
  _id: string;
}

export function deletedSource(key: string): X3DeletedSource {
  return { _deleted: true, _id: key };
}

export interface PageDeps {
  pending: PendingChanges;
  deliveries: X3DeliveryStore;
  jobs: JobProducer;
}

export interface PageItem {
  key: string;
  source: Record<string, unknown>;
  delivery: X3Delivery;
}

export function itemOf(record: X3Record, delivery: X3Delivery): PageItem {
  return { key: record._id, source: record, delivery };
}

export async function acceptPage(
  m: EntityManager,
  d: PageDeps,
  ctx: X3PollContext,
  scope: FlowScope,
  lane: number,
  items: PageItem[],
): Promise<void> {
  if (!items.length) return;
  const tenantId = ctx.delivery.tenantId;
  await d.pending.accept(
    m,
    tenantId,
    items.map((i) => ({
      ...scope,
      entity: ctx.source.entity,
      direction: 'x3-to-xero' as const,
      sourceKey: i.key,
      lane,
      source: i.source,
    })),
  );
  await d.deliveries.markDelivered(
    m,
    ctx.delivery,
    items.map((i) => i.delivery),
  );
  await requestDrain(d.jobs, tenantId, scope, lane, m);
  // graph runs waiting for what this page shows (a validated delivery) go on (flow-runs/flow-events.ts)
  const events = x3EventsOf(
    ctx.source.node,
    items.map((i) => i.source),
  );
  await observeFlowEvents(m, d.jobs, tenantId, scope.integrationId, events);
}
