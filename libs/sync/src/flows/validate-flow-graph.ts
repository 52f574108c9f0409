// The graph part of the flow check: node shapes and configs, edges labelled for their node's kind,
// exactly one trigger, every node reachable, no cycle, and no action reachable without a transform.
import { ROLES } from '#lb/database';
import type { FlowDocument } from './flow-document';
import {
  EDGE_LABELS_OF,
  FLOW_EDGE_LABELS,
  FLOW_EVENT_KINDS,
  FLOW_NODE_KINDS,
  FlowNodeKind,
  MAX_PARK_SECONDS,
} from './flow-graph';
import { checkCondition, checkMappingRef, FLOW_ACTIONS, isObject, Issues, list, Obj, oneOf } from './flow-issues';

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NODES = 100;
const MAX_EDGES = 300;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const COORDINATE_LIMIT = 1_000_000;
const an = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

interface Node {
  id: string;
  kind: FlowNodeKind;
  config: Obj;
  at: string;
}

export function checkGraph(issues: Issues, graph: unknown, direction: FlowDocument['direction'] | undefined): void {
  const path = '$.graph';
  if (!isObject(graph)) return issues.add(path, 'must be an object with nodes and edges');
  issues.only(graph, path, ['nodes', 'edges']);
  // the drain is the one writer a graph's action hands records to (x3-to-xero; see sync-engine.md)
  if (direction !== undefined && direction !== 'x3-to-xero')
    issues.add(path, "is supported only in an 'x3-to-xero' flow");
  if (!Array.isArray(graph.nodes) || graph.nodes.length === 0)
    return issues.add(`${path}.nodes`, 'must be a non-empty list');
  if (graph.nodes.length > MAX_NODES) return issues.add(`${path}.nodes`, `must have at most ${MAX_NODES} nodes`);
  if (!Array.isArray(graph.edges)) return issues.add(`${path}.edges`, 'must be a list');
  if (graph.edges.length > MAX_EDGES) return issues.add(`${path}.edges`, `must have at most ${MAX_EDGES} edges`);
  const nodes = new Map<string, Node>();
  (graph.nodes as unknown[]).forEach((raw, i) => {
    const node = checkNode(issues, raw, `${path}.nodes[${i}]`, direction);
    if (!node) return;
    if (nodes.has(node.id)) issues.add(`${path}.nodes[${i}].id`, `'${node.id}' is used by another node`);
    else nodes.set(node.id, node);
  });
  const out = checkEdges(issues, graph.edges as unknown[], `${path}.edges`, nodes);
  checkShape(issues, path, nodes, out);
}

function checkNode(
  issues: Issues,
  raw: unknown,
  at: string,
  direction: FlowDocument['direction'] | undefined,
): Node | undefined {
  if (!isObject(raw)) {
    issues.add(at, 'must be an object with id, kind, config and position');
    return undefined;
  }
  issues.only(raw, at, ['id', 'kind', 'config', 'position']);
  const idOk = typeof raw.id === 'string' && NODE_ID.test(raw.id);
  if (!idOk) issues.add(`${at}.id`, 'must be 1 to 64 letters, digits, _ or -');
  checkPosition(issues, raw.position, `${at}.position`);
  if (!oneOf(FLOW_NODE_KINDS, raw.kind)) {
    issues.add(`${at}.kind`, `must be one of ${list(FLOW_NODE_KINDS)}`);
    return undefined;
  }
  const config = raw.config;
  if (!isObject(config)) {
    issues.add(`${at}.config`, 'must be an object');
    return undefined;
  }
  checkConfig(issues, raw.kind, config, `${at}.config`, direction);
  return idOk ? { id: raw.id as string, kind: raw.kind, config, at } : undefined;
}

function checkPosition(issues: Issues, position: unknown, at: string): void {
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= COORDINATE_LIMIT;
  if (!isObject(position) || !ok(position.x) || !ok(position.y)) {
    return issues.add(at, `must be {x, y}, numbers within ±${COORDINATE_LIMIT}`);
  }
  issues.only(position, at, ['x', 'y']);
}

function checkConfig(
  issues: Issues,
  kind: FlowNodeKind,
  config: Obj,
  at: string,
  direction: FlowDocument['direction'] | undefined,
): void {
  switch (kind) {
    case 'trigger':
      return issues.only(config, at, []);
    case 'condition':
    case 'branch':
      issues.only(config, at, ['expression']);
      return checkCondition(issues, config.expression, `${at}.expression`);
    case 'transform':
      issues.only(config, at, ['mapping']);
      checkMappingRef(issues, config.mapping, `${at}.mapping`, direction);
      return;
    case 'action':
      issues.only(config, at, ['action']);
      return issues.enumField(config, at, 'action', FLOW_ACTIONS);
    case 'wait-for-event':
      issues.only(config, at, ['event', 'orderField', 'timeoutSeconds']);
      issues.enumField(config, at, 'event', FLOW_EVENT_KINDS);
      if (config.orderField !== undefined && !(typeof config.orderField === 'string' && FIELD.test(config.orderField)))
        issues.add(`${at}.orderField`, 'must be a field name of the record');
      if (config.timeoutSeconds !== undefined) checkSeconds(issues, config.timeoutSeconds, `${at}.timeoutSeconds`);
      return;
    case 'approval':
      issues.only(config, at, ['role', 'timeoutSeconds']);
      issues.enumField(config, at, 'role', ROLES);
      return checkSeconds(issues, config.timeoutSeconds, `${at}.timeoutSeconds`);
  }
}

function checkSeconds(issues: Issues, value: unknown, at: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PARK_SECONDS)
    issues.add(at, `must be a whole number of seconds from 1 to ${MAX_PARK_SECONDS}`);
}

/** Checks each edge; answers each node's outgoing edges by label ('' = unlabelled). */
function checkEdges(
  issues: Issues,
  edges: unknown[],
  path: string,
  nodes: Map<string, Node>,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  edges.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(raw)) return issues.add(at, 'must be an object with from and to');
    issues.only(raw, at, ['from', 'to', 'label']);
    const from = typeof raw.from === 'string' ? nodes.get(raw.from) : undefined;
    const to = typeof raw.to === 'string' ? nodes.get(raw.to) : undefined;
    if (!from) issues.add(`${at}.from`, 'must be the id of a node');
    if (!to) issues.add(`${at}.to`, 'must be the id of a node');
    if (raw.label !== undefined && !oneOf(FLOW_EDGE_LABELS, raw.label))
      return issues.add(`${at}.label`, `must be one of ${list(FLOW_EDGE_LABELS)}`);
    if (!from || !to) return;
    if (to.kind === 'trigger') return issues.add(`${at}.to`, 'no edge may lead into the trigger');
    const label = (raw.label as string | undefined) ?? '';
    const allowed = [...EDGE_LABELS_OF[from.kind].required, ...EDGE_LABELS_OF[from.kind].optional];
    if (!allowed.includes(label)) {
      const says = allowed.length
        ? `an edge from ${an(from.kind)} node must be ${allowed.map((l) => (l ? `labelled '${l}'` : 'unlabelled')).join(' or ')}`
        : `${an(from.kind)} node ends the run: no edge may leave it`;
      return issues.add(`${at}.label`, says);
    }
    if (label === 'timeout' && from.kind === 'wait-for-event' && from.config.timeoutSeconds === undefined)
      return issues.add(`${at}.label`, 'a timeout edge needs the node to have timeoutSeconds');
    const byLabel = out.get(from.id) ?? new Map<string, string>();
    if (byLabel.has(label))
      return issues.add(
        at,
        `node '${from.id}' already has ${label ? an(`'${label}'`.replace(/'/g, '')).replace(label, `'${label}'`) : 'an'} edge`,
      );
    byLabel.set(label, to.id);
    out.set(from.id, byLabel);
  });
  return out;
}

/** One trigger, every required edge there, every node reachable, no cycle, a transform before every action. */
function checkShape(issues: Issues, path: string, nodes: Map<string, Node>, out: Map<string, Map<string, string>>) {
  const triggers = [...nodes.values()].filter((n) => n.kind === 'trigger');
  if (triggers.length !== 1)
    issues.add(`${path}.nodes`, `must have exactly one trigger node (found ${triggers.length})`);
  for (const node of nodes.values()) {
    const labels = out.get(node.id) ?? new Map<string, string>();
    for (const label of EDGE_LABELS_OF[node.kind].required) {
      if (!labels.has(label))
        issues.add(node.at, `needs ${label ? an(label).replace(label, `'${label}'`) : 'an outgoing'} edge`);
    }
  }
  checkActionsAgree(issues, path, nodes);
  if (triggers.length !== 1) return;
  const onCycle = findCycle(triggers[0].id, out);
  if (onCycle) return issues.add(nodes.get(onCycle)!.at, 'is on a cycle: a flow graph must not loop');
  // walk from the trigger, carrying whether a transform was passed on the way
  const seen = new Set<string>();
  const untransformed = new Set<string>();
  const visit = (id: string, transformed: boolean) => {
    const node = nodes.get(id)!;
    const key = `${id}|${transformed}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (node.kind === 'action' && !transformed) untransformed.add(id);
    for (const next of out.get(id)?.values() ?? []) visit(next, transformed || node.kind === 'transform');
  };
  visit(triggers[0].id, false);
  const reached = new Set([...seen].map((k) => k.split('|')[0]));
  for (const node of nodes.values()) {
    if (!reached.has(node.id)) issues.add(node.at, 'cannot be reached from the trigger');
    if (untransformed.has(node.id)) issues.add(node.at, 'can be reached without passing a transform with a mapping');
  }
}

/** The drain maps a claim with one mapping and writes with one action: the graph's must agree. */
function checkActionsAgree(issues: Issues, path: string, nodes: Map<string, Node>): void {
  const transforms = [...nodes.values()].filter((n) => n.kind === 'transform');
  const refOf = (n: Node) => JSON.stringify(n.config.mapping);
  for (const t of transforms.slice(1))
    if (refOf(t) !== refOf(transforms[0]))
      issues.add(`${t.at}.config.mapping`, `must name the same mapping as node '${transforms[0].id}'`);
  const writing = [...nodes.values()].filter((n) => n.kind === 'action' && n.config.action !== 'flag');
  for (const a of writing.slice(1))
    if (a.config.action !== writing[0].config.action)
      issues.add(
        `${a.at}.config.action`,
        `must be '${String(writing[0].config.action)}' like node '${writing[0].id}' (or 'flag')`,
      );
  if (![...nodes.values()].some((n) => n.kind === 'action')) issues.add(`${path}.nodes`, 'must have an action node');
}

function findCycle(start: string, out: Map<string, Map<string, string>>): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): string | undefined => {
    if (state.get(id) === 'open') return id;
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'open');
    for (const next of out.get(id)?.values() ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    state.set(id, 'done');
    return undefined;
  };
  return visit(start);
}
