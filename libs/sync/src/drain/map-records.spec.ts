import type { CanonicalRecord } from '#lb/mapping';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { DrainContext } from './drain-context';
import { entityPlanOf, waitingKeyOf } from './entity-plans';
import { MapDeps, verdictOf } from './map-records';
import { EXPRESSION_TIME_TRIES } from './mapping-refusal';

const change = { id: 'c1', sourceKey: 'FAC001', attempts: 0 } as SyncPendingChange;
const deps = (cutOverDate?: string): MapDeps => ({
  context: { mapping: { version: 7 }, options: { cutOverDate } } as unknown as DrainContext,
  facts: { baseCurrency: 'NZD', lockDates: { periodLockDate: '2026-03-31' }, lockDate: '2026-03-31' },
  compiled: { ok: false, error: 'unused' },
  readX3: () => Promise.reject(new Error('unused')),
});

describe("the drain's verdict on one mapped record", () => {
  it('a lock-date refusal is held with a proposal, never a dead letter', () => {
    const v = verdictOf(
      change,
      {
        kind: 'invalid',
        errors: [
          {
            record: 'FAC001',
            field: 'date',
            rule: 'lock-date',
            message: 'dated 2026-03-01, on or before the period lock date 2026-03-31',
          },
        ],
      },
      deps(),
    );
    expect(v).toMatchObject({ kind: 'settle', settlement: { kind: 'held', mappingVersion: 7 } });
    expect(v.kind === 'settle' && v.settlement.kind === 'held' && v.settlement.outcome.proposal).toMatch(
      /after 2026-03-31/,
    );
  });

  it('other issues are a dead letter with every field and message and the mapping version', () => {
    const v = verdictOf(
      change,
      {
        kind: 'invalid',
        errors: [
          { record: 'FAC001', field: 'lineItems[0].accountCode', rule: 'required', message: 'is required' },
          { record: 'FAC001', field: 'dueDate', rule: 'date', message: 'not a date' },
        ],
      },
      deps(),
    );
    expect(v).toEqual({
      change,
      kind: 'settle',
      settlement: {
        kind: 'dead',
        error: 'refused by the mapping',
        outcome: { messages: ['lineItems[0].accountCode: is required', 'dueDate: not a date'] },
        mappingVersion: 7,
      },
    });
  });

  it('an expression out of time is tried again (a busy worker), and is a dead letter on the last try', () => {
    const outOfTime = {
      kind: 'invalid' as const,
      errors: [
        { record: 'FAC001', field: 'reference', rule: 'expression-time', message: 'expression stopped (time limit)' },
      ],
    };
    const first = verdictOf(change, outOfTime, deps());
    expect(first).toMatchObject({ settlement: { kind: 'retry', error: expect.stringMatching(/ran out of time/) } });
    expect(first.kind === 'settle' && first.settlement.kind === 'retry' && first.settlement.delayMs).toBeGreaterThan(0);
    const last = verdictOf({ ...change, attempts: EXPRESSION_TIME_TRIES - 1 }, outOfTime, deps());
    expect(last).toMatchObject({
      settlement: { kind: 'dead', outcome: { messages: ['reference: expression stopped (time limit)'] } },
    });
    // beside any other failure it is a dead letter at once: trying again would not change that
    const mixed = verdictOf(
      change,
      {
        kind: 'invalid',
        errors: [...outOfTime.errors, { record: 'FAC001', field: 'dueDate', rule: 'date', message: 'not a date' }],
      },
      deps(),
    );
    expect(mixed).toMatchObject({ settlement: { kind: 'dead' } });
  });

  it('a missing lookup entry waits on mapping:<table>:<key>, an awaited record on <entity>:<key>', () => {
    const lookup = verdictOf(
      change,
      { kind: 'waiting', missing: [{ table: 'sales-tax-type', key: ['NZ', 'GST15'], field: 'x' }] },
      deps(),
    );
    expect(lookup).toMatchObject({ settlement: { kind: 'waiting', waitingOn: 'mapping:sales-tax-type:NZ|GST15' } });
    const record = verdictOf(
      change,
      { kind: 'waiting', missing: [{ table: 'cross-reference', key: ['bill', 'B-1'], field: 'x' }] },
      deps(),
    );
    expect(record).toMatchObject({ settlement: { kind: 'waiting', waitingOn: 'bill:B-1' } });
  });

  it('a document dated before the flow cut-over date is skipped, one after goes on to the write', () => {
    const canonical = { entity: 'invoice', key: 'FAC001', date: '2026-01-15' } as unknown as CanonicalRecord;
    const outcome = { kind: 'mapped' as const, payload: {}, canonical, warnings: [] };
    expect(verdictOf(change, outcome, deps('2026-02-01'))).toMatchObject({
      settlement: { kind: 'done', outcome: { action: 'skipped' } },
    });
    expect(verdictOf(change, outcome, deps('2026-01-01'))).toMatchObject({ kind: 'mapped' });
  });
});

describe('prerequisites of a document', () => {
  it('its contact (customer or supplier by side) and each distinct item of its lines', () => {
    const invoice = {
      entity: 'invoice',
      partyKey: 'C1',
      lines: [{ productKey: 'P1' }, { productKey: 'P1' }, {}, { productKey: 'P2' }],
    } as unknown as CanonicalRecord;
    expect(entityPlanOf('invoice')!.prerequisites(invoice).map(waitingKeyOf)).toEqual([
      'customer:C1',
      'product:P1',
      'product:P2',
    ]);
    const supplierCredit = {
      entity: 'creditNote',
      side: 'purchase',
      partyKey: 'S1',
      lines: [],
    } as unknown as CanonicalRecord;
    expect(entityPlanOf('creditNote')!.prerequisites(supplierCredit).map(waitingKeyOf)).toEqual(['supplier:S1']);
    expect(entityPlanOf('customer')!.prerequisites({ entity: 'customer' } as CanonicalRecord)).toEqual([]);
    const payment = {
      entity: 'payment',
      allocations: [
        { documentType: 'invoice', documentKey: 'F1' },
        { documentType: 'creditNote', documentKey: 'A1' },
        { documentType: 'invoice', documentKey: 'F1' },
      ],
    } as unknown as CanonicalRecord;
    expect(entityPlanOf('payment')!.prerequisites(payment).map(waitingKeyOf)).toEqual(['invoice:F1', 'creditNote:A1']);
  });

  it('the payload gets the contact Xero id from the cross-reference', () => {
    const bill = { entity: 'bill', partyKey: 'S1', lines: [] } as unknown as CanonicalRecord;
    const payload: Record<string, unknown> = { contact: { contactNumber: 'S1' } };
    entityPlanOf('bill')!.resolve(payload, bill, (p) => `id-of-${waitingKeyOf(p)}`);
    expect(payload.contact).toEqual({ contactNumber: 'S1', contactID: 'id-of-supplier:S1' });
  });
});

describe('the journal plan', () => {
  it('writes manual journals by upsert, guarded, with no contact or item to wait for', () => {
    const plan = entityPlanOf('journal')!;
    expect(plan).toMatchObject({ xeroEntity: 'manualJournals', operation: 'upsert', guardsUpdates: true });
    const journal = { entity: 'journal', key: 'ODG1', lines: [{ accountCode: '200', partyKey: 'C1' }] };
    expect(plan.prerequisites(journal as unknown as CanonicalRecord)).toEqual([]);
    const payload: Record<string, unknown> = { narration: 'X3 ODG1' };
    plan.resolve(payload, journal as unknown as CanonicalRecord, () => 'unused');
    expect(payload).toEqual({ narration: 'X3 ODG1' });
  });
});
