import { approvalGraph, graphFlowDocument } from '../flows/testing/graph-documents';
import type { FlowDocument } from '../flows/flow-document';
import { dryWalk, EventLookup } from './dry-walk';

const never: EventLookup = () => Promise.resolve(null);
const edges = (w: { path: Array<{ nodeId: string; edge: string | null }> }) => w.path.map((s) => [s.nodeId, s.edge]);

describe('dryWalk', () => {
  it('stops at a wait naming the event key, and goes straight on when the event is already known', async () => {
    const doc = graphFlowDocument('salesOrder', approvalGraph({ expression: "status = 'open'" }));
    const order = { _id: 'SO1', salesOrder: 'SO1', status: 'open' };
    const waiting = await dryWalk(doc, order, never);
    expect(edges(waiting)).toEqual([
      ['start', 'next'],
      ['active', 'true'],
      ['shipped', null],
    ]);
    expect(waiting.stop).toEqual({
      kind: 'wait',
      nodeId: 'shipped',
      waitingFor: 'x3:delivery-validated:SO1',
      eventKnown: false,
      detail: 'would wait for x3:delivery-validated:SO1',
    });
    const asked: string[] = [];
    const known: EventLookup = (kind, subject) => (asked.push(`${kind}|${subject}`), Promise.resolve(new Date(0)));
    const onward = await dryWalk(doc, order, known);
    expect(asked).toEqual(['x3:delivery-validated|SO1']);
    expect(onward.path[2]).toMatchObject({ nodeId: 'shipped', edge: 'event' });
    expect(onward.stop).toMatchObject({ kind: 'approval', role: 'admin', detail: 'would wait for approval by admin' });
  });

  it('ends where a false condition has no edge, and fails as the engine would on a bad record', async () => {
    const doc = graphFlowDocument('salesOrder', approvalGraph({ expression: "status = 'open'" }));
    const closed = await dryWalk(doc, { _id: 'SO2', salesOrder: 'SO2', status: 'closed' }, never);
    expect(closed.path[1]).toMatchObject({ nodeId: 'active', edge: 'false', note: `status = 'open' → false` });
    expect(closed.stop).toMatchObject({ kind: 'end', nodeId: 'active' });

    const noOrder = await dryWalk(doc, { _id: 'SO3', status: 'open' }, never);
    expect(noOrder.stop).toEqual({
      kind: 'error',
      nodeId: 'shipped',
      detail: 'the record names no salesOrder to wait for',
    });

    const throwing = graphFlowDocument('salesOrder', approvalGraph({ expression: '$number(status) > 1' }));
    const failed = await dryWalk(throwing, { _id: 'SO4', status: 'open' }, never);
    expect(failed.stop).toMatchObject({ kind: 'error', nodeId: 'active' });
    expect(failed.stop.detail).toMatch(/^the expression failed: /);
  });

  it('runs a linear flow down its steps to its action (a flag writes nothing)', async () => {
    const doc: FlowDocument = {
      entity: 'customer',
      direction: 'x3-to-xero',
      trigger: { kind: 'manual' },
      steps: [
        { kind: 'condition', expression: 'false' },
        { kind: 'action', action: 'flag' },
      ],
      options: {},
      enabled: true,
    };
    const w = await dryWalk(doc, { _id: 'C1' }, never);
    expect(edges(w)).toEqual([
      ['steps[0]', 'next'],
      ['steps[1]', null],
    ]);
    expect(w.stop).toEqual({
      kind: 'action',
      nodeId: 'steps[1]',
      action: 'flag',
      detail: 'would be flagged for review (nothing written)',
    });
  });
});
