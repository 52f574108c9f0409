// The designer's graph of a flow (issue 12): nodes the engine walks per record, edges between them.
// Optional in a flow document: without one the flow runs its linear `steps` as before.
import type { Role } from '#lb/database';
import type { FlowAction, FlowStep, MappingVersionRef } from './flow-document';

export const FLOW_NODE_KINDS = [
  'trigger',
  'condition',
  'transform',
  'action',
  'branch',
  'wait-for-event',
  'approval',
] as const;
export type FlowNodeKind = (typeof FLOW_NODE_KINDS)[number];

export const FLOW_EDGE_LABELS = ['true', 'false', 'approved', 'rejected', 'timeout', 'event'] as const;
export type FlowEdgeLabel = (typeof FLOW_EDGE_LABELS)[number];

/** Events the engine observes while a record waits (flow-runs/flow-events.ts says where each comes from). */
export const FLOW_EVENT_KINDS = ['x3:delivery-validated'] as const;
export type FlowEventKind = (typeof FLOW_EVENT_KINDS)[number];

/** A wait or an approval never parks a record for longer than this (90 days). */
export const MAX_PARK_SECONDS = 90 * 86_400;

export interface FlowNodeConfigs {
  /** What starts the flow is the document's `trigger`; the node is where the walk begins. */
  trigger: Record<string, never>;
  /** A filter: false ends the run (skipped) unless a 'false' edge leads on. */
  condition: { expression: string };
  /** If/else: both the 'true' and the 'false' edge lead somewhere. */
  branch: { expression: string };
  transform: { mapping: MappingVersionRef };
  action: { action: FlowAction };
  /**
   * Parks the record until the event is seen for it: `x3:delivery-validated` — a validated X3
   * delivery of the sales order named by the record's `orderField` (default `salesOrder`).
   */
  'wait-for-event': { event: FlowEventKind; orderField?: string; timeoutSeconds?: number };
  /** Parks the record until a member with `role` or higher approves or rejects it, or the time runs out. */
  approval: { role: Role; timeoutSeconds: number };
}

export type FlowNode = {
  [K in FlowNodeKind]: { id: string; kind: K; config: FlowNodeConfigs[K]; position: { x: number; y: number } };
}[FlowNodeKind];

export interface FlowEdge {
  from: string;
  to: string;
  label?: FlowEdgeLabel;
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** The labels each kind's outgoing edges carry: `required` must all be there, `optional` may. */
export const EDGE_LABELS_OF: Record<FlowNodeKind, { required: string[]; optional: string[] }> = {
  trigger: { required: [''], optional: [] },
  condition: { required: ['true'], optional: ['false'] },
  branch: { required: ['true', 'false'], optional: [] },
  transform: { required: [''], optional: [] },
  action: { required: [], optional: [] },
  'wait-for-event': { required: ['event'], optional: ['timeout'] },
  approval: { required: ['approved'], optional: ['rejected', 'timeout'] },
};

/**
 * The linear steps a graph flow amounts to for the drain: its one mapping and its writing action
 * (validation makes every transform name the same mapping and every non-flag action agree).
 */
export function graphSteps(graph: FlowGraph): FlowStep[] {
  const transform = graph.nodes.find((n) => n.kind === 'transform');
  const writing = graph.nodes.find((n) => n.kind === 'action' && n.config.action !== 'flag');
  const steps: FlowStep[] = [];
  if (transform?.kind === 'transform') steps.push({ kind: 'transform', mapping: transform.config.mapping });
  steps.push({ kind: 'action', action: writing?.kind === 'action' ? writing.config.action : 'flag' });
  return steps;
}
