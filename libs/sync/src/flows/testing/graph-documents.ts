// Graph flow documents the validator spec and the flow-run proofs share.
import type { FlowDocument } from '../flow-document';
import type { FlowGraph } from '../flow-graph';

const at = (x: number) => ({ x, y: 0 });

/**
 * condition → wait for the order's validated delivery (timeout → approval too) → admin approval
 * → transform → upsert; a rejection or an approval timeout flags the record.
 */
export function approvalGraph(
  opts: { expression?: string; waitSeconds?: number; approvalSeconds?: number; orderField?: string } = {},
): FlowGraph {
  return {
    nodes: [
      { id: 'start', kind: 'trigger', config: {}, position: at(0) },
      { id: 'active', kind: 'condition', config: { expression: opts.expression ?? 'true' }, position: at(1) },
      {
        id: 'shipped',
        kind: 'wait-for-event',
        config: {
          event: 'x3:delivery-validated',
          timeoutSeconds: opts.waitSeconds ?? 3600,
          ...(opts.orderField ? { orderField: opts.orderField } : {}),
        },
        position: at(2),
      },
      {
        id: 'review',
        kind: 'approval',
        config: { role: 'admin', timeoutSeconds: opts.approvalSeconds ?? 86_400 },
        position: at(3),
      },
      {
        id: 'map',
        kind: 'transform',
        config: { mapping: { direction: 'x3-to-xero', version: 'active' } },
        position: at(4),
      },
      { id: 'write', kind: 'action', config: { action: 'upsert' }, position: at(5) },
      {
        id: 'map-flag',
        kind: 'transform',
        config: { mapping: { direction: 'x3-to-xero', version: 'active' } },
        position: at(6),
      },
      { id: 'flag', kind: 'action', config: { action: 'flag' }, position: at(7) },
    ],
    edges: [
      { from: 'start', to: 'active' },
      { from: 'active', to: 'shipped', label: 'true' },
      { from: 'shipped', to: 'review', label: 'event' },
      { from: 'shipped', to: 'review', label: 'timeout' },
      { from: 'review', to: 'map', label: 'approved' },
      { from: 'review', to: 'map-flag', label: 'rejected' },
      { from: 'review', to: 'map-flag', label: 'timeout' },
      { from: 'map', to: 'write' },
      { from: 'map-flag', to: 'flag' },
    ],
  };
}

export function graphFlowDocument(entity: FlowDocument['entity'], graph: FlowGraph, enabled = true): FlowDocument {
  return {
    entity,
    direction: 'x3-to-xero',
    trigger: { kind: 'manual' },
    steps: [],
    options: {},
    enabled,
    graph,
  };
}
