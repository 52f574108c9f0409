import type { FlowNode } from '../flows/flow-graph';
import { x3EventsOf } from './flow-events';
import { splitWaitingFor } from './flow-graph-gate';
import { waitingForOf } from './walk-graph';

describe('flow events', () => {
  it('reads validated deliveries of an order from an accepted SDELIVERY page, and nothing else', () => {
    const page = [
      { _id: 'LIV1', salesOrder: { _id: 'SO1' }, isValidated: true },
      { _id: 'LIV2', salesOrder: 'SO2', isValidated: false },
      { _id: 'LIV3', isValidated: true },
      { _id: 'LIV4', salesOrder: 'SO4', isValidated: true },
    ];
    expect(x3EventsOf('salesDelivery', page)).toEqual([
      { kind: 'x3:delivery-validated', subject: 'SO1', detail: { node: 'salesDelivery', key: 'LIV1' } },
      { kind: 'x3:delivery-validated', subject: 'SO4', detail: { node: 'salesDelivery', key: 'LIV4' } },
    ]);
    expect(x3EventsOf('salesInvoice', page)).toEqual([]);
  });

  it('names what a wait waits for by the record’s order, and splits it back', () => {
    const node: FlowNode = {
      id: 'w',
      kind: 'wait-for-event',
      config: { event: 'x3:delivery-validated' },
      position: { x: 0, y: 0 },
    };
    expect(waitingForOf(node, { salesOrder: { _id: 'SO:42' } })).toBe('x3:delivery-validated:SO:42');
    expect(waitingForOf({ ...node, config: { ...node.config, orderField: 'ref' } }, { ref: 'SO7' })).toBe(
      'x3:delivery-validated:SO7',
    );
    expect(waitingForOf(node, { salesOrder: '' })).toBeUndefined();
    expect(waitingForOf(node, null)).toBeUndefined();
    expect(splitWaitingFor('x3:delivery-validated:SO:42')).toEqual(['x3:delivery-validated', 'SO:42']);
  });
});
