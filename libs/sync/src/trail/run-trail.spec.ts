// The run trail in memory: record keys, events per settlement, counts, masking, GDPR forgetting.
import { RunTrail } from './run-trail';
import { recordKeyOf } from './record-keys';

const change = (id: string, direction: string, sourceKey: string, source: Record<string, unknown> | null) => ({
  id,
  flowKey: 'customers',
  entity: 'customer',
  direction,
  sourceKey,
  source,
});

describe('record keys', () => {
  it("takes X3's natural key and Xero's number or name, the source key otherwise", () => {
    expect(recordKeyOf('x3-to-xero', 'SOH0042', { _id: 'SOH0042' })).toBe('SOH0042');
    expect(recordKeyOf('xero-to-x3', 'a-b-c', { InvoiceNumber: 'INV-0042', Name: 'x' })).toBe('INV-0042');
    expect(recordKeyOf('xero-to-x3', 'a-b-c', { ContactNumber: '', Name: 'Acme Ltd' })).toBe('Acme Ltd');
    expect(recordKeyOf('xero-to-x3', 'a-b-c', null)).toBe('a-b-c');
  });
});

describe('RunTrail', () => {
  it('turns settlements into events and counts, with masked payloads and the best key on every event', () => {
    const t = new RunTrail('t', 'i', 'customers');
    t.claimed([change('1', 'xero-to-x3', 'x1', null), change('2', 'x3-to-xero', 'C2', { _id: 'C2' })]);
    t.mapped(
      '1',
      { ContactID: 'x1', Name: 'Acme Ltd', TaxNumber: '12-345-678' },
      { BPCNUM: 'C9', EECNUM: 'GB999999973' },
    );
    t.settled('1', { kind: 'done', outcome: { action: 'created', targetId: 'C9' } });
    t.settled('2', { kind: 'dead', error: 'refused', outcome: { messages: ['bad'] } });
    t.settled('2', { kind: 'release' });
    const rows = t.rows();
    expect(rows.map((r) => [r.recordKey, r.event])).toEqual([
      ['Acme Ltd', 'mapped'],
      ['Acme Ltd', 'written'],
      ['C2', 'dead'],
    ]);
    expect(JSON.stringify(rows[0].before)).not.toContain('12-345-678');
    expect(JSON.stringify(rows[0].after)).not.toContain('GB999999973');
    expect(rows[1].targetId).toBe('C9');
    expect(t.counts).toMatchObject({ claimed: 2, created: 1, dead: 1 });
    expect([...t.deadSources.keys()]).toEqual(['2']);
    expect(t.direction()).toBe('both-ways');
  });

  it('drops every event of a record Xero marked for erasure', () => {
    const t = new RunTrail('t', 'i', 'customers');
    t.claimed([change('1', 'xero-to-x3', 'x1', { Name: 'Forget Me' })]);
    t.settled('1', { kind: 'waiting', waitingOn: 'customer:C1' });
    t.forget('x1');
    expect(t.rows()).toEqual([]);
  });
});
