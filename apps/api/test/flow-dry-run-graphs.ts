// The flow documents the flow dry-run e2e posts: a customers graph whose branch sends AUD records
// to a wait, USD ones to an approval and the rest to the write, and its linear counterpart.
import type { FlowDocument, FlowGraph } from '#lb/sync';

export interface Walked {
  sourceKey: string;
  path: Array<{ nodeId: string; kind: string; edge: string | null; note?: string }>;
  stop: { kind: string; nodeId: string; detail: string; action?: string; waitingFor?: string; eventKnown?: boolean };
  mapping?: { sourceKey: string; action: string };
}

const at = (x: number) => ({ x, y: 0 });
const MAP = { mapping: { direction: 'x3-to-xero' as const, version: 'active' as const } };

/** AUD customers wait for a delivery event (keyed by their code); USD ones for an admin; the rest are written. */
export function splitGraph(waitOn = "currency = 'AUD'"): FlowGraph {
  return {
    nodes: [
      { id: 'start', kind: 'trigger', config: {}, position: at(0) },
      { id: 'split', kind: 'branch', config: { expression: waitOn }, position: at(1) },
      {
        id: 'shipped',
        kind: 'wait-for-event',
        config: { event: 'x3:delivery-validated', orderField: 'code' },
        position: at(2),
      },
      { id: 'usd', kind: 'condition', config: { expression: "currency = 'USD'" }, position: at(3) },
      { id: 'review', kind: 'approval', config: { role: 'admin', timeoutSeconds: 3600 }, position: at(4) },
      { id: 'map', kind: 'transform', config: MAP, position: at(5) },
      { id: 'write', kind: 'action', config: { action: 'upsert' }, position: at(6) },
    ],
    edges: [
      { from: 'start', to: 'split' },
      { from: 'split', to: 'shipped', label: 'true' },
      { from: 'split', to: 'usd', label: 'false' },
      { from: 'shipped', to: 'map', label: 'event' },
      { from: 'usd', to: 'review', label: 'true' },
      { from: 'usd', to: 'map', label: 'false' },
      { from: 'review', to: 'map', label: 'approved' },
      { from: 'map', to: 'write' },
    ],
  };
}

export const flowOf = (graph?: FlowGraph): FlowDocument => ({
  entity: 'customer',
  direction: 'x3-to-xero',
  trigger: { kind: 'manual' },
  steps: graph
    ? []
    : [
        { kind: 'transform', ...MAP },
        { kind: 'condition', expression: 'false' },
        { kind: 'action', action: 'upsert' },
      ],
  options: {},
  enabled: false,
  ...(graph ? { graph } : {}),
});
