// Everything one poll of one flow needs, loaded in one short tenant transaction before X3 is read.
import { EntityManager } from 'typeorm';
import {
  parseCursor,
  X3Connection,
  X3ConnectionSettings,
  X3ConnectionStore,
  X3DeliveryScope,
  X3SyncCursor,
} from '#lb/connectors/sage-x3';
import { Integration } from '#lb/integrations';
import { FlowDocument, FlowVersions } from '../flows';
import { SyncFlowCursor } from '../pending';
import { X3MasterFilter, masterFilterOf } from './master-scope';
import { SyncPollSchedule } from './poll-schedule.entity';
import { x3FlowSources, X3FlowSource } from './x3-flow-source';

export type PollSkip = 'integration-gone' | 'paused' | 'no-flow' | 'disabled' | 'not-x3-flow';

export interface X3PollContext {
  integration: Integration;
  document: FlowDocument;
  source: X3FlowSource;
  filter: X3MasterFilter;
  settings: X3ConnectionSettings;
  delivery: X3DeliveryScope;
  cursor: X3SyncCursor;
  /** 'x3' for the flow's own node; `x3:<node>` for a further node it reads (x3FlowSources). */
  cursorSide: string;
  /** Further nodes the flow reads, each polled with its own context (loaded with `node`). */
  otherNodes: string[];
  comparedAt: Date | null;
}

/** The consumer id under which a flow's X3 deliveries are kept (x3_delivered_records). */
export function x3ConsumerOf(integrationId: string, flowKey: string): string {
  return `${integrationId}:${flowKey}`;
}

export async function loadPollContext(
  m: EntityManager,
  store: X3ConnectionStore,
  flows: FlowVersions,
  tenantId: string,
  integrationId: string,
  flowKey: string,
  node?: string,
): Promise<X3PollContext | PollSkip> {
  const integration = await m.findOne(Integration, { where: { id: integrationId } });
  if (!integration) return 'integration-gone';
  // A paused integration reads nothing: its cursor stays put and the poll after the pause
  // reads everything changed meanwhile (the delivered hashes keep it from repeating itself).
  if (integration.pauseReasons.length > 0) return 'paused';
  const head = await flows.head(m, integrationId, flowKey);
  if (!head) return 'no-flow';
  const document = head.document;
  if (!document.enabled) return 'disabled';
  // a flow the plan in force does not include: paused on its own, its cursor stays put likewise
  if (head.pauseReasons.length > 0) return 'paused';
  if (document.direction === 'xero-to-x3') return 'not-x3-flow';
  let sources: X3FlowSource[];
  try {
    sources = x3FlowSources(document.entity, document.options);
  } catch {
    return 'not-x3-flow';
  }
  const source = node ? sources.find((s) => s.node === node) : sources[0];
  if (!source) return 'not-x3-flow';
  const cursorSide = source === sources[0] ? 'x3' : `x3:${source.node}`;
  const conn = await m.findOneOrFail(X3Connection, { where: { id: integration.x3ConnectionId } });
  const settings = await store.settings(m, conn, false);
  const stored = await m.findOne(SyncFlowCursor, {
    where: { integrationId, flowKey, side: cursorSide as SyncFlowCursor['side'] },
  });
  const schedule = await m.findOne(SyncPollSchedule, { where: { integrationId, flowKey } });
  return {
    integration,
    document,
    source,
    filter: masterFilterOf(document),
    settings,
    delivery: {
      tenantId,
      x3ConnectionId: integration.x3ConnectionId,
      consumer: x3ConsumerOf(integrationId, flowKey),
      entity: source.node,
    },
    cursor: parseCursor(stored?.cursor),
    cursorSide,
    otherNodes: node ? [] : sources.slice(1).map((s) => s.node),
    comparedAt: schedule?.comparedAt ?? null,
  };
}
