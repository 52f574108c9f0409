import type { FlowDocument } from './flow-document';
import { stepsOf } from './flow-document';
import { approvalGraph, graphFlowDocument } from './testing/graph-documents';
import { validateFlowDocument } from './validate-flow';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests build invalid documents, outside the type on purpose
type Loose = any;

const valid: FlowDocument = graphFlowDocument('customer', approvalGraph());

function issuesOf(change: (doc: Loose) => void) {
  const doc: Loose = structuredClone(valid);
  change(doc);
  return validateFlowDocument(doc);
}

const node = (doc: Loose, id: string) => doc.graph.nodes.find((n: { id: string }) => n.id === id);

describe('flow graph validator', () => {
  it('accepts a complete graph and reads it as the drain does', () => {
    expect(validateFlowDocument(valid)).toEqual([]);
    expect(stepsOf(valid)).toEqual([
      { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
      { kind: 'action', action: 'upsert' },
    ]);
  });

  it('keeps linear documents as they were (no graph, steps required)', () => {
    const linear = { ...valid, graph: undefined, steps: [] };
    delete (linear as Loose).graph;
    expect(validateFlowDocument(linear)).toEqual([{ path: '$.steps', message: 'must be a non-empty list' }]);
  });

  it('refuses steps beside a graph and a graph in a flow the drain does not write', () => {
    expect(issuesOf((d) => (d.steps = [{ kind: 'action', action: 'upsert' }]))).toEqual([
      { path: '$.steps', message: 'must be an empty list in a flow with a graph' },
    ]);
    expect(issuesOf((d) => (d.direction = 'xero-to-x3')).map((i) => i.path)).toContain('$.graph');
  });

  it('refuses a graph that is not one, and unknown fields at every level', () => {
    expect(issuesOf((d) => (d.graph = []))).toEqual([
      { path: '$.graph', message: 'must be an object with nodes and edges' },
    ]);
    expect(issuesOf((d) => (d.graph.nodes = []))).toEqual([
      { path: '$.graph.nodes', message: 'must be a non-empty list' },
    ]);
    const extra = issuesOf((d) => {
      d.graph.colour = 'red';
      node(d, 'review').config.quorum = 2;
      d.graph.edges[0].weight = 1;
      node(d, 'start').position.z = 3;
    });
    expect(extra.map((i) => i.path)).toEqual([
      '$.graph.colour',
      '$.graph.nodes[0].position.z',
      '$.graph.nodes[3].config.quorum',
      '$.graph.edges[0].weight',
    ]);
  });

  it('checks each node: id, kind, position and its config', () => {
    const issues = issuesOf((d) => {
      d.graph.nodes[1].config.expression = 'isActive = ';
      node(d, 'shipped').config.event = 'x3:telepathy';
      node(d, 'review').config.role = 'superuser';
      node(d, 'review').config.timeoutSeconds = 0;
      node(d, 'write').config.action = 'delete';
      node(d, 'map').config.mapping = { direction: 'xero-to-x3', version: 'newest' };
      node(d, 'flag').position = { x: Number.NaN, y: 0 };
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.graph.nodes[1].config.expression',
        '$.graph.nodes[2].config.event',
        '$.graph.nodes[3].config.role',
        '$.graph.nodes[3].config.timeoutSeconds',
        '$.graph.nodes[4].config.mapping.direction',
        '$.graph.nodes[4].config.mapping.version',
        '$.graph.nodes[5].config.action',
        '$.graph.nodes[7].position',
      ]),
    );
    expect(issues.find((i) => i.path === '$.graph.nodes[1].config.expression')?.position).toEqual(expect.any(Number));
    const bad = issuesOf((d) => {
      d.graph.nodes[1].id = 'has space';
      d.graph.nodes[2].kind = 'teleport';
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        { path: '$.graph.nodes[1].id', message: 'must be 1 to 64 letters, digits, _ or -' },
        { path: '$.graph.nodes[2].kind', message: expect.stringContaining("must be one of 'trigger'") },
      ]),
    );
  });

  it('wants exactly one trigger and unique node ids', () => {
    const none = issuesOf((d) => (d.graph.nodes[0].kind = 'condition'));
    expect(none).toEqual(
      expect.arrayContaining([{ path: '$.graph.nodes', message: 'must have exactly one trigger node (found 0)' }]),
    );
    const two = issuesOf((d) =>
      d.graph.nodes.push({ id: 'again', kind: 'trigger', config: {}, position: { x: 0, y: 0 } }),
    );
    expect(two.map((i) => i.message)).toContain('must have exactly one trigger node (found 2)');
    const dup = issuesOf((d) => (d.graph.nodes[7].id = 'write'));
    expect(dup).toEqual(
      expect.arrayContaining([{ path: '$.graph.nodes[7].id', message: "'write' is used by another node" }]),
    );
  });

  it('labels edges for their node kind and refuses dangling ends and duplicates', () => {
    const issues = issuesOf((d) => {
      d.graph.edges[1].label = 'approved'; // condition → 'true'/'false' only
      d.graph.edges[7].label = 'true'; // transform → unlabelled
      d.graph.edges.push({ from: 'write', to: 'flag' }); // an action ends the run
      d.graph.edges.push({ from: 'ghost', to: 'flag' });
      d.graph.edges.push({ from: 'review', to: 'map', label: 'approved' });
      d.graph.edges.push({ from: 'active', to: 'start', label: 'false' });
      d.graph.edges.push({ from: 'review', to: 'map', label: 'maybe' });
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: '$.graph.edges[1].label',
          message: "an edge from a condition node must be labelled 'true' or labelled 'false'",
        },
        { path: '$.graph.edges[7].label', message: 'an edge from a transform node must be unlabelled' },
        { path: '$.graph.edges[9].label', message: 'an action node ends the run: no edge may leave it' },
        { path: '$.graph.edges[10].from', message: 'must be the id of a node' },
        { path: '$.graph.edges[11]', message: "node 'review' already has an 'approved' edge" },
        { path: '$.graph.edges[12].to', message: 'no edge may lead into the trigger' },
        { path: '$.graph.edges[13].label', message: expect.stringContaining("must be one of 'true'") },
      ]),
    );
  });

  it('wants every non-terminal node to have its outgoing edges, and a timeout edge only with a timeout', () => {
    const issues = issuesOf((d) => {
      d.graph.edges = d.graph.edges.filter((e: Loose) => !(e.from === 'review' && e.label === 'approved'));
      delete node(d, 'shipped').config.timeoutSeconds;
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '$.graph.nodes[3]', message: "needs an 'approved' edge" },
        { path: '$.graph.edges[3].label', message: 'a timeout edge needs the node to have timeoutSeconds' },
        // with the approved edge gone, 'map' and 'write' hang off nothing
        { path: '$.graph.nodes[4]', message: 'cannot be reached from the trigger' },
        { path: '$.graph.nodes[5]', message: 'cannot be reached from the trigger' },
      ]),
    );
    const branch = issuesOf((d) => (node(d, 'active').kind = 'branch'));
    expect(branch).toEqual([{ path: '$.graph.nodes[1]', message: "needs a 'false' edge" }]);
  });

  it('refuses cycles', () => {
    const issues = issuesOf((d) => {
      node(d, 'map').kind = 'condition';
      node(d, 'map').config = { expression: 'true' };
      d.graph.edges[7] = { from: 'map', to: 'active', label: 'true' };
    });
    expect(issues.map((i) => i.message)).toContain('is on a cycle: a flow graph must not loop');
  });

  it('refuses an action reachable without a transform, and transforms or actions that disagree', () => {
    const bypass = issuesOf((d) => d.graph.edges.push({ from: 'active', to: 'write', label: 'false' }));
    expect(bypass).toEqual([
      { path: '$.graph.nodes[5]', message: 'can be reached without passing a transform with a mapping' },
    ]);
    const disagree = issuesOf((d) => {
      node(d, 'map-flag').config.mapping = { direction: 'x3-to-xero', version: 2 };
      node(d, 'flag').config.action = 'create-only';
    });
    expect(disagree).toEqual([
      { path: '$.graph.nodes[6].config.mapping', message: "must name the same mapping as node 'map'" },
      { path: '$.graph.nodes[7].config.action', message: "must be 'upsert' like node 'write' (or 'flag')" },
    ]);
  });
});
