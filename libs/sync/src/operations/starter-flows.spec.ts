import { checkMappingDocument, STARTER_REGIONS } from '#lb/mapping';
import { validateFlowDocument } from '../flows/validate-flow';
import {
  flowWrites,
  mappingDirectionsOf,
  STARTER_FLOWS,
  starterFlowDocument,
  starterMapping,
  starterRegionOf,
  TRIAL_POLL_SECONDS,
} from './starter-flows';

describe('starter flows', () => {
  it('are valid flow documents, switched on or off as asked, the ones that read X3 poll it', () => {
    for (const enabled of [true, false]) {
      for (const flow of STARTER_FLOWS.filter((f) => f.direction !== 'xero-to-x3')) {
        const doc = starterFlowDocument(flow, { pollSeconds: TRIAL_POLL_SECONDS, enabled });
        expect([flow.flowKey, validateFlowDocument(doc)]).toEqual([flow.flowKey, []]);
        expect(doc.trigger).toEqual({ kind: 'x3-poll', everySeconds: TRIAL_POLL_SECONDS });
        expect(doc.enabled).toBe(enabled && !['stock-levels', 'orders'].includes(flow.flowKey));
      }
    }
  });

  it("Xero's bills, supplier credit notes and payments into X3 are installed off (an admin switches them on), fed by Xero, bills created only", () => {
    const reverse = STARTER_FLOWS.filter((f) => f.direction === 'xero-to-x3');
    expect(reverse.map((f) => [f.flowKey, f.entity])).toEqual([
      ['xero-bills', 'bill'],
      ['xero-credit-notes', 'creditNote'],
      ['xero-payments', 'payment'],
    ]);
    const [bills, creditNotes, payments] = reverse.map((f) =>
      starterFlowDocument(f, { pollSeconds: TRIAL_POLL_SECONDS, enabled: true }),
    );
    for (const doc of [bills, creditNotes, payments]) {
      expect(validateFlowDocument(doc)).toEqual([]);
      expect(doc.enabled).toBe(false);
      expect(doc.steps[0]).toEqual({ kind: 'transform', mapping: { direction: 'xero-to-x3', version: 'active' } });
      expect(flowWrites(doc)).toBe(true);
    }
    expect(bills.trigger).toEqual({ kind: 'webhook' });
    expect(bills.steps.at(-1)).toEqual({ kind: 'action', action: 'create-only' });
    expect(creditNotes.trigger).toEqual({ kind: 'webhook' });
    expect(creditNotes.steps.at(-1)).toEqual({ kind: 'action', action: 'create-only' });
    expect(payments.trigger).toEqual({ kind: 'schedule', everySeconds: 300 });
    expect(payments.steps.at(-1)).toEqual({ kind: 'action', action: 'upsert' });
  });

  it('X3 sales orders become Xero drafts on entry: installed off (opt-in), polled from X3, upserted', () => {
    const orders = STARTER_FLOWS.filter((f) => f.entity === 'salesOrder');
    expect(orders.map((f) => [f.flowKey, f.direction, f.optIn])).toEqual([['orders', 'x3-to-xero', true]]);
    const doc = starterFlowDocument(orders[0], { pollSeconds: TRIAL_POLL_SECONDS, enabled: true });
    expect(validateFlowDocument(doc)).toEqual([]);
    expect(doc.enabled).toBe(false);
    expect(doc.trigger).toEqual({ kind: 'x3-poll', everySeconds: TRIAL_POLL_SECONDS });
    expect(doc.steps).toEqual([
      { kind: 'transform', mapping: { direction: 'x3-to-xero', version: 'active' } },
      { kind: 'action', action: 'upsert' },
    ]);
    expect(doc.options).toEqual({ deletions: 'flag', draftOn: 'entry' });
    expect(flowWrites(doc)).toBe(true);
    // only the orders flow carries draftOn (the validator refuses it elsewhere)
    for (const flow of STARTER_FLOWS.filter((f) => f.entity !== 'salesOrder'))
      expect(starterFlowDocument(flow, { pollSeconds: 60, enabled: true }).options.draftOn).toBeUndefined();
  });

  it('customers and suppliers run both ways with a transform each way; stock levels only list changes', () => {
    const byKey = Object.fromEntries(STARTER_FLOWS.map((f) => [f.flowKey, f]));
    expect(STARTER_FLOWS.filter((f) => f.direction === 'both-ways').map((f) => f.flowKey)).toEqual([
      'customers',
      'suppliers',
    ]);
    const customers = starterFlowDocument(byKey.customers, { pollSeconds: 60, enabled: true });
    expect(customers.steps.filter((s) => s.kind === 'transform')).toHaveLength(2);
    expect(customers.options.defaultConflictRule).toBe('newest-wins');
    expect(flowWrites(customers)).toBe(true);
    expect(flowWrites(starterFlowDocument(byKey['stock-levels'], { pollSeconds: 60, enabled: true }))).toBe(false);
  });

  it('has a mapping the engine accepts for every flow, direction and region', () => {
    for (const region of STARTER_REGIONS) {
      for (const flow of STARTER_FLOWS) {
        for (const direction of mappingDirectionsOf(flow.direction)) {
          const issues = checkMappingDocument(starterMapping(region, flow.entity, direction), {
            entity: flow.entity,
            direction,
          });
          expect([region, flow.flowKey, direction, issues]).toEqual([region, flow.flowKey, direction, []]);
        }
      }
    }
  });

  it('finds the region by the seed X3 company, else by the Xero base currency (asked only then)', async () => {
    const never = () => Promise.reject(new Error('must not ask Xero'));
    expect(await starterRegionOf('AU10', never)).toBe('AU');
    expect(await starterRegionOf('ACME', () => Promise.resolve('GBP'))).toBe('UK');
    expect(await starterRegionOf('ACME', () => Promise.resolve('EUR'))).toBeNull();
  });
});
