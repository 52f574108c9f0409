// The designer's dry run of one record through a flow: the path a run would take and where it would
// stop, without a run, a step or a parked change. Edges are chosen by the engine's own rules
// (graph-rules.ts) on the record as the engine would accept it (the X3 record as read).
import type { Role } from '#lb/database';
import type { FlowAction, FlowDocument } from '../flows/flow-document';
import type { FlowGraph, FlowNode } from '../flows/flow-graph';
import { conditionOutcome, edgeTarget } from './graph-rules';
import { waitingForOf } from './walk-graph';

/** One node passed: the edge it would leave by ('next' when unlabelled), and why when it is not plain. */
export interface DryPathStep {
  nodeId: string;
  kind: string;
  edge: string | null;
  note?: string;
}

export type DryStopKind = 'action' | 'end' | 'wait' | 'approval' | 'error';

export interface DryStop {
  kind: DryStopKind;
  nodeId: string;
  /** What a person reads: 'would wait for x3:delivery-validated:SO001', 'would wait for approval by admin' … */
  detail: string;
  action?: FlowAction;
  waitingFor?: string;
  /** A wait: whether the event is already in sync_flow_events (then the walk would go straight on). */
  eventKnown?: boolean;
  role?: Role;
}

export interface DryWalk {
  path: DryPathStep[];
  stop: DryStop;
}

/** When the event a wait names was first seen, or null (sync_flow_events, read only). */
export type EventLookup = (kind: string, subject: string) => Promise<Date | null>;

const MAX_WALK = 200;

/** Walks a graph flow's record, or runs down a linear flow's steps. */
export function dryWalk(document: FlowDocument, record: Record<string, unknown>, seen: EventLookup): Promise<DryWalk> {
  return document.graph ? walkGraph(document.graph, record, seen) : Promise.resolve(walkSteps(document));
}

async function walkGraph(graph: FlowGraph, record: Record<string, unknown>, seen: EventLookup): Promise<DryWalk> {
  const path: DryPathStep[] = [];
  let next = graph.nodes.find((n) => n.kind === 'trigger')?.id;
  for (let i = 0; i < MAX_WALK && next; i++) {
    const node: FlowNode | undefined = graph.nodes.find((n) => n.id === next);
    if (!node) return { path, stop: { kind: 'error', nodeId: next, detail: `node ${next} is not in the graph` } };
    const went = await stepOf(graph, node, record, seen);
    path.push(went.step);
    if ('stop' in went) return { path, stop: went.stop };
    next = went.next;
    if (!next) {
      return { path, stop: { kind: 'end', nodeId: node.id, detail: `no '${went.step.edge}' edge leads on: skipped` } };
    }
  }
  const last = path[path.length - 1]?.nodeId ?? '';
  return { path, stop: { kind: 'error', nodeId: last, detail: next ? 'the walk did not end' : 'no trigger node' } };
}

type Went = { step: DryPathStep; next?: string } | { step: DryPathStep; stop: DryStop };

async function stepOf(
  graph: FlowGraph,
  node: FlowNode,
  record: Record<string, unknown>,
  seen: EventLookup,
): Promise<Went> {
  const at = { nodeId: node.id, kind: node.kind };
  switch (node.kind) {
    case 'trigger':
    case 'transform':
      return { step: { ...at, edge: 'next' }, next: edgeTarget(graph, node.id, '') };
    case 'condition':
    case 'branch': {
      try {
        const { value, label } = await conditionOutcome(node.config.expression, record);
        const shown = value === undefined ? 'nothing' : JSON.stringify(value);
        return {
          step: { ...at, edge: label, note: `${node.config.expression} → ${shown}` },
          next: edgeTarget(graph, node.id, label),
        };
      } catch (error) {
        const detail = `the expression failed: ${(error as Error).message}`;
        return { step: { ...at, edge: null }, stop: { kind: 'error', nodeId: node.id, detail } };
      }
    }
    case 'action':
      return {
        step: { ...at, edge: null },
        stop: { kind: 'action', nodeId: node.id, action: node.config.action, detail: actionDetail(node.config.action) },
      };
    case 'wait-for-event': {
      const waitingFor = waitingForOf(node, record);
      if (!waitingFor) {
        const detail = `the record names no ${node.config.orderField ?? 'salesOrder'} to wait for`;
        return { step: { ...at, edge: null }, stop: { kind: 'error', nodeId: node.id, detail } };
      }
      const at2 = await seen(node.config.event, waitingFor.slice(node.config.event.length + 1));
      if (at2) {
        const note = `${waitingFor} already seen at ${at2.toISOString()}`;
        return { step: { ...at, edge: 'event', note }, next: edgeTarget(graph, node.id, 'event') };
      }
      return {
        step: { ...at, edge: null },
        stop: { kind: 'wait', nodeId: node.id, waitingFor, eventKnown: false, detail: `would wait for ${waitingFor}` },
      };
    }
    case 'approval':
      return {
        step: { ...at, edge: null },
        stop: {
          kind: 'approval',
          nodeId: node.id,
          role: node.config.role,
          detail: `would wait for approval by ${node.config.role}`,
        },
      };
  }
}

/** A linear flow: the drain maps with its transform and writes with its action; conditions are not gated on yet. */
function walkSteps(document: FlowDocument): DryWalk {
  const path: DryPathStep[] = [];
  for (const [i, step] of document.steps.entries()) {
    const nodeId = `steps[${i}]`;
    if (step.kind === 'action') {
      path.push({ nodeId, kind: 'action', edge: null });
      return { path, stop: { kind: 'action', nodeId, action: step.action, detail: actionDetail(step.action) } };
    }
    const note =
      step.kind === 'condition'
        ? 'not evaluated: the drain does not gate on a linear flow’s conditions yet'
        : undefined;
    path.push({ nodeId, kind: step.kind, edge: 'next', ...(note ? { note } : {}) });
  }
  return { path, stop: { kind: 'action', nodeId: 'steps', action: 'upsert', detail: actionDetail('upsert') } };
}

function actionDetail(action: FlowAction): string {
  return action === 'flag' ? 'would be flagged for review (nothing written)' : `would be written (${action})`;
}
