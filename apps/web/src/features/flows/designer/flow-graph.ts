// The flow document's graph as the designer edits it (libs/sync/src/flows/flow-graph.ts is the
// engine's side; the api validates every save strictly). Pure helpers: defaults per node kind,
// the label a new edge takes, a linear flow shown as a graph, and the checks shown before saving.

export const NODE_KINDS = [
  'trigger',
  'condition',
  'branch',
  'transform',
  'wait-for-event',
  'approval',
  'action',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const EDGE_LABELS = ['true', 'false', 'approved', 'rejected', 'timeout', 'event'] as const;

export interface GraphNode {
  id: string;
  kind: NodeKind;
  config: Record<string, unknown>;
  position: { x: number; y: number };
}
export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}
export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
export interface FlowDoc {
  entity: string;
  direction: string;
  trigger: Record<string, unknown>;
  steps: Array<Record<string, unknown>>;
  options: Record<string, unknown>;
  enabled: boolean;
  graph?: FlowGraph;
}

export const KIND_LABEL: Record<NodeKind, string> = {
  trigger: 'Trigger',
  condition: 'Condition',
  branch: 'Branch',
  transform: 'Transform',
  'wait-for-event': 'Wait for an event',
  approval: 'Approval',
  action: 'Action',
};

/** Outgoing edge labels per kind: all of `required` must be there; '' is an unlabelled edge. */
export const EDGE_LABELS_OF: Record<NodeKind, { required: string[]; optional: string[] }> = {
  trigger: { required: [''], optional: [] },
  condition: { required: ['true'], optional: ['false'] },
  branch: { required: ['true', 'false'], optional: [] },
  transform: { required: [''], optional: [] },
  action: { required: [], optional: [] },
  'wait-for-event': { required: ['event'], optional: ['timeout'] },
  approval: { required: ['approved'], optional: ['rejected', 'timeout'] },
};

export function defaultConfig(kind: NodeKind): Record<string, unknown> {
  switch (kind) {
    case 'condition':
    case 'branch':
      return { expression: 'true' };
    case 'transform':
      return { mapping: { direction: 'x3-to-xero', version: 'active' } };
    case 'action':
      return { action: 'upsert' };
    case 'wait-for-event':
      return { event: 'x3:delivery-validated', timeoutSeconds: 7 * 86_400 };
    case 'approval':
      return { role: 'admin', timeoutSeconds: 2 * 86_400 };
    case 'trigger':
      return {};
  }
}

/** The label a new edge from `from` takes: the first of its kind's labels it does not use yet. */
export function nextEdgeLabel(graph: FlowGraph, from: GraphNode): string | undefined {
  const { required, optional } = EDGE_LABELS_OF[from.kind];
  const used = new Set(graph.edges.filter((e) => e.from === from.id).map((e) => e.label ?? ''));
  const free = [...required, ...optional].find((l) => !used.has(l));
  return free === undefined ? undefined : free;
}

/** A linear flow (trigger, steps) as the graph the designer shows, laid out top to bottom. */
export function graphOf(doc: FlowDoc): FlowGraph {
  if (doc.graph) return doc.graph;
  const nodes: GraphNode[] = [{ id: 'trigger', kind: 'trigger', config: {}, position: { x: 0, y: 0 } }];
  const edges: GraphEdge[] = [];
  doc.steps.forEach((step, i) => {
    const kind = step.kind as NodeKind;
    const { kind: _k, ...config } = step;
    const id = `${kind}-${i + 1}`;
    edges.push({
      from: nodes[nodes.length - 1].id,
      to: id,
      ...(nodes[nodes.length - 1].kind === 'condition' ? { label: 'true' } : {}),
    });
    nodes.push({ id, kind, config, position: { x: 0, y: (i + 1) * 110 } });
  });
  return { nodes, edges };
}

/** What the designer says before a save (the api checks again, strictly). */
export function graphIssues(graph: FlowGraph): string[] {
  const issues: string[] = [];
  const triggers = graph.nodes.filter((n) => n.kind === 'trigger');
  if (triggers.length !== 1) issues.push(`A flow has exactly one trigger (this one has ${triggers.length})`);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const e of graph.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) issues.push(`An edge ${e.from} → ${e.to} joins a node that is gone`);
  }
  const reached = new Set<string>();
  const walk = (id: string) => {
    if (reached.has(id)) return;
    reached.add(id);
    for (const e of graph.edges.filter((x) => x.from === id)) walk(e.to);
  };
  if (triggers[0]) walk(triggers[0].id);
  for (const n of graph.nodes) {
    if (!reached.has(n.id)) issues.push(`${KIND_LABEL[n.kind]} "${n.id}" cannot be reached from the trigger`);
    const labels = new Set(graph.edges.filter((e) => e.from === n.id).map((e) => e.label ?? ''));
    for (const need of EDGE_LABELS_OF[n.kind].required) {
      if (!labels.has(need))
        issues.push(`${KIND_LABEL[n.kind]} "${n.id}" needs ${need ? `a "${need}" edge` : 'an edge out'}`);
    }
  }
  // every action is reached only through a transform (it needs a mapping)
  const throughTransform = (id: string, seen: Set<string>): boolean => {
    const node = byId.get(id);
    if (!node || seen.has(id)) return true;
    if (node.kind === 'transform') return true;
    if (node.kind === 'trigger') return false;
    seen.add(id);
    const into = graph.edges.filter((e) => e.to === id);
    return into.length > 0 && into.every((e) => throughTransform(e.from, seen));
  };
  for (const a of graph.nodes.filter((n) => n.kind === 'action' && n.config.action !== 'flag')) {
    if (!throughTransform(a.id, new Set()))
      issues.push(`Action "${a.id}" is reached without a transform: it has no mapping`);
  }
  return issues;
}

export function newNodeId(graph: FlowGraph, kind: NodeKind): string {
  for (let i = 1; ; i++) if (!graph.nodes.some((n) => n.id === `${kind}-${i}`)) return `${kind}-${i}`;
}

/** A config value as text (numbers too); anything else is empty. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A node's one-line summary on the canvas. */
export function summary(node: GraphNode): string {
  const c = node.config;
  switch (node.kind) {
    case 'condition':
    case 'branch':
      return text(c.expression);
    case 'transform': {
      const m = c.mapping as { version?: unknown } | undefined;
      return `mapping ${m?.version === 'active' ? 'active version' : `v${text(m?.version)}`}`;
    }
    case 'action':
      return text(c.action);
    case 'wait-for-event':
      return `${text(c.event)}${c.timeoutSeconds ? `, up to ${Math.round(Number(c.timeoutSeconds) / 3600)} h` : ''}`;
    case 'approval':
      return `by ${text(c.role)}, ${Math.round(Number(c.timeoutSeconds) / 3600)} h`;
    case 'trigger':
      return 'each record the flow takes';
  }
}
