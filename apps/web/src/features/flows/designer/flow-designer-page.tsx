import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, ErrorAlert, LiveStatus, Loading, ReadOnlyNote, RefreshFailed } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Page, Section } from '../../../components/ui/page';
import { reauthOnError, useReplayAfterReauth } from '../../../lib/reauth';
import { useMember } from '../../session/use-session';
import { FlowCanvas, PALETTE_DRAG_TYPE } from './flow-canvas';
import {
  defaultConfig,
  FlowDoc,
  FlowGraph,
  graphIssues,
  graphOf,
  KIND_LABEL,
  newNodeId,
  nextEdgeLabel,
  NODE_KINDS,
  NodeKind,
} from './flow-graph';
import { EdgePanel, NodePanel } from './node-panel';
import { DryRunPanel } from './dry-run-panel';
import { RunsPanel } from './runs-panel';
import { useFlowVersion, useSaveFlow, useSwitchFlow } from './use-flow-designer';

/** The flow designer: a palette, the canvas, a side panel for what is picked, validate, save, switch, runs. */
export function FlowDesignerPage() {
  const { integrationId = '', flowKey = '' } = useParams();
  const { canEdit } = useMember();
  const flow = useFlowVersion(integrationId, flowKey);
  const save = useSaveFlow(integrationId, flowKey);
  const toggle = useSwitchFlow(integrationId, flowKey);
  const [edits, setEdits] = useState<{ version: number; graph: FlowGraph }>();
  const [selected, setSelected] = useState<{ node?: string; edge?: number }>({});
  const [status, setStatus] = useState<string>();
  const flip = (on: boolean) =>
    toggle.mutate(on, {
      onSuccess: () => setStatus(on ? 'The flow is on.' : 'The flow is off.'),
      onError: (e) => void reauthOnError('designer-switch', e, on),
    });
  useReplayAfterReauth<boolean>('designer-switch', flip);

  if (flow.isPending)
    return (
      <Page title="Flow designer">
        <Loading what="the flow" />
      </Page>
    );
  // a failed poll keeps the designer on screen (and its canvas as drawn); a first load that failed cannot
  if (!flow.data) {
    return (
      <Page title="Flow designer">
        <ErrorAlert error={flow.error} title="The flow could not be loaded" />
      </Page>
    );
  }
  const doc: FlowDoc = flow.data.document;
  const version = flow.data.version;
  const graph = edits?.version === version ? edits.graph : graphOf(doc);
  const setGraph = (g: FlowGraph) => setEdits({ version, graph: g });
  const dirty = edits?.version === version && JSON.stringify(edits.graph) !== JSON.stringify(graphOf(doc));
  const issues = graphIssues(graph);
  const node = graph.nodes.find((n) => n.id === selected.node);
  const edge = selected.edge === undefined ? undefined : graph.edges[selected.edge];

  const addNode = (kind: NodeKind, position?: { x: number; y: number }) => {
    const id = newNodeId(graph, kind);
    const lowest = Math.max(0, ...graph.nodes.map((n) => n.position.y));
    setGraph({
      ...graph,
      nodes: [
        ...graph.nodes,
        { id, kind, config: defaultConfig(kind), position: position ?? { x: 0, y: lowest + 110 } },
      ],
    });
    setSelected({ node: id });
  };
  const connect = (from: string, to: string) => {
    const source = graph.nodes.find((n) => n.id === from);
    if (!source || from === to) return;
    const label = nextEdgeLabel(graph, source);
    if (label === undefined) return setStatus(`${from} has all the edges it can have: remove one first.`);
    setGraph({ ...graph, edges: [...graph.edges, { from, to, ...(label ? { label } : {}) }] });
  };

  return (
    <Page
      title={`Flow ${flowKey}`}
      lead={
        <>
          {doc.entity} · {doc.direction} · v{version} · {doc.enabled ? 'live' : 'off'}.{' '}
          <Link to={`/flows?integration=${encodeURIComponent(integrationId)}`}>All flows</Link>
        </>
      }
    >
      {!canEdit && <ReadOnlyNote />}
      <RefreshFailed error={flow.error} what="The flow" />
      <LiveStatus message={status} />
      {canEdit && (
        <section className="card save-bar" aria-label="Save">
          <p data-testid="flow-draft-state">
            {dirty ? 'Unsaved changes' : 'No unsaved changes'}
            {issues.length > 0 && ` · ${issues.length} to fix`}
          </p>
          <div className="button-row">
            <Button
              variant="primary"
              disabled={!dirty || issues.length > 0}
              busy={save.isPending}
              onClick={() =>
                save.mutate(
                  { ...doc, steps: [], graph },
                  { onSuccess: (v) => setStatus(`Saved as version ${v.version}.`) },
                )
              }
            >
              Save as a new version
            </Button>
            <Button onClick={() => flip(!doc.enabled)} busy={toggle.isPending} disabled={dirty}>
              {doc.enabled ? 'Switch off' : 'Switch on'}
            </Button>
          </div>
          <ErrorAlert error={save.error} title="Not saved" />
          <ErrorAlert error={toggle.error} title="Not switched" />
        </section>
      )}
      {issues.length > 0 && (
        <Alert tone="warning" title="Before it can be saved">
          <ul data-testid="flow-issues">
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Section
        title="Design"
        id="design-heading"
        description="Drag a step from the palette onto the canvas (or press it), then drag from a step's lower handle to the next step."
      >
        <div className="designer">
          {canEdit && (
            <ul className="palette" aria-label="Palette">
              {NODE_KINDS.filter((k) => k !== 'trigger').map((k) => (
                <li
                  key={k}
                  draggable
                  onDragStart={(e) => e.dataTransfer.setData(PALETTE_DRAG_TYPE, k)}
                  data-palette={k}
                >
                  <Button onClick={() => addNode(k)}>{KIND_LABEL[k]}</Button>
                </li>
              ))}
            </ul>
          )}
          <FlowCanvas
            graph={graph}
            selected={selected}
            readOnly={!canEdit}
            onSelect={setSelected}
            onMove={(id, position) =>
              setGraph({ ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, position } : n)) })
            }
            onConnect={connect}
            onDropKind={addNode}
          />
          <div className="designer-side">
            {node && (
              <NodePanel
                key={node.id}
                node={node}
                readOnly={!canEdit}
                onChange={(config) =>
                  setGraph({ ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? { ...n, config } : n)) })
                }
                onRemove={() => {
                  setGraph({
                    nodes: graph.nodes.filter((n) => n.id !== node.id),
                    edges: graph.edges.filter((e) => e.from !== node.id && e.to !== node.id),
                  });
                  setSelected({});
                }}
              />
            )}
            {edge && selected.edge !== undefined && (
              <EdgePanel
                edge={edge}
                from={graph.nodes.find((n) => n.id === edge.from)}
                readOnly={!canEdit}
                onLabel={(label) =>
                  setGraph({
                    ...graph,
                    edges: graph.edges.map((e, i) =>
                      i === selected.edge ? { from: e.from, to: e.to, ...(label ? { label } : {}) } : e,
                    ),
                  })
                }
                onRemove={() => (
                  setGraph({ ...graph, edges: graph.edges.filter((_, i) => i !== selected.edge) }),
                  setSelected({})
                )}
              />
            )}
            {!node && !edge && <p className="muted">Pick a step or an edge to set it up.</p>}
            {canEdit && graph.nodes.length > 1 && <ConnectForm graph={graph} onConnect={connect} />}
          </div>
        </div>
      </Section>
      {canEdit && (
        <Section title="Dry run" id="dry-run-heading">
          <DryRunPanel
            integrationId={integrationId}
            flowKey={flowKey}
            document={dirty ? { ...doc, steps: [], graph } : undefined}
            blocked={
              issues.length > 0 ? 'Fix what is listed above first: the api checks a dry run as a save.' : undefined
            }
          />
        </Section>
      )}
      <Section title="Runs" id="runs-heading">
        <RunsPanel integrationId={integrationId} flowKey={flowKey} />
      </Section>
    </Page>
  );
}

/** Connecting without a pointer: pick the two steps. */
function ConnectForm({ graph, onConnect }: { graph: FlowGraph; onConnect: (from: string, to: string) => void }) {
  const [from, setFrom] = useState(graph.nodes[0].id);
  const [to, setTo] = useState(graph.nodes[graph.nodes.length - 1].id);
  return (
    <form
      className="connect-form"
      aria-label="Connect two steps"
      onSubmit={(e) => (e.preventDefault(), onConnect(from, to))}
    >
      <div className="field">
        <label htmlFor="connect-from">From</label>
        <select id="connect-from" value={from} onChange={(e) => setFrom(e.target.value)}>
          {graph.nodes
            .filter((n) => n.kind !== 'action')
            .map((n) => (
              <option key={n.id}>{n.id}</option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="connect-to">To</label>
        <select id="connect-to" value={to} onChange={(e) => setTo(e.target.value)}>
          {graph.nodes
            .filter((n) => n.kind !== 'trigger')
            .map((n) => (
              <option key={n.id}>{n.id}</option>
            ))}
        </select>
      </div>
      <Button type="submit">Connect</Button>
    </form>
  );
}
