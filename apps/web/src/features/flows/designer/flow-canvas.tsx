import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeProps,
  type NodeChange,
  type EdgeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { DragEvent, useState } from 'react';
import { FlowGraph, GraphNode, KIND_LABEL, NodeKind, summary } from './flow-graph';

export const PALETTE_DRAG_TYPE = 'application/x-ledgerbridge-node-kind';

type Data = { node: GraphNode };

function FlowNodeView({ data, selected }: NodeProps<Node<Data>>) {
  const n = data.node;
  return (
    <div className={`flow-node flow-node-${n.kind}${selected ? ' flow-node-selected' : ''}`} data-node-id={n.id}>
      {n.kind !== 'trigger' && <Handle type="target" position={Position.Top} />}
      <strong>{KIND_LABEL[n.kind]}</strong>
      <span className="flow-node-id">{n.id}</span>
      <span className="flow-node-summary">{summary(n)}</span>
      {n.kind !== 'action' && <Handle type="source" position={Position.Bottom} />}
    </div>
  );
}

const NODE_TYPES = { step: FlowNodeView };

/**
 * The graph on a canvas (@xyflow/react): nodes move and are picked, a handle dragged to another
 * node connects them, a palette item dropped on the canvas adds a node there.
 */
export function FlowCanvas({
  graph,
  selected,
  readOnly,
  onSelect,
  onMove,
  onConnect,
  onDropKind,
}: {
  graph: FlowGraph;
  selected: { node?: string; edge?: number };
  readOnly: boolean;
  onSelect: (s: { node?: string; edge?: number }) => void;
  onMove: (id: string, position: { x: number; y: number }) => void;
  onConnect: (from: string, to: string) => void;
  onDropKind: (kind: NodeKind, position: { x: number; y: number }) => void;
}) {
  // the canvas measures each node once drawn; the graph (our state) keeps only positions
  const [measured, setMeasured] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  const nodes: Node<Data>[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'step',
    position: n.position,
    data: { node: n },
    selected: selected.node === n.id,
    ariaLabel: `${KIND_LABEL[n.kind]} ${n.id}: ${summary(n)}`,
    measured: measured.get(n.id),
  }));
  const edges: Edge[] = graph.edges.map((e, i) => ({
    id: `e${i}`,
    source: e.from,
    target: e.to,
    label: e.label || undefined,
    selected: selected.edge === i,
    markerEnd: { type: MarkerType.ArrowClosed },
    ariaLabel: `Edge ${e.from} to ${e.to}${e.label ? ` when ${e.label}` : ''}`,
  }));
  const onNodesChange = (changes: NodeChange<Node<Data>>[]) => {
    let sized: Map<string, { width: number; height: number }> | undefined;
    for (const c of changes) {
      if (c.type === 'position' && c.position) onMove(c.id, c.position);
      if (c.type === 'select' && c.selected) onSelect({ node: c.id });
      if (c.type === 'dimensions' && c.dimensions) {
        sized ??= new Map(measured);
        sized.set(c.id, c.dimensions);
      }
    }
    if (sized) setMeasured(sized);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    for (const c of changes) if (c.type === 'select' && c.selected) onSelect({ edge: Number(c.id.slice(1)) });
  };
  const drop = (e: DragEvent<HTMLDivElement>) => {
    const kind = e.dataTransfer.getData(PALETTE_DRAG_TYPE) as NodeKind;
    if (!kind || readOnly) return;
    e.preventDefault();
    const box = e.currentTarget.getBoundingClientRect();
    onDropKind(kind, { x: Math.round(e.clientX - box.left), y: Math.round(e.clientY - box.top) });
  };
  return (
    <div
      className="flow-canvas"
      data-testid="flow-canvas"
      onDragOver={(e) => {
        if (!readOnly && e.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={drop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(c: Connection) => c.source && c.target && onConnect(c.source, c.target)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        fitView
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
