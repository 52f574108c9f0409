import { matchFirstConnection } from './matcher';
import { MatchInput, X3Party, XeroContactFacts } from './match-types';

const customer = (key: string, name: string, extra: Partial<X3Party> = {}): X3Party => ({
  entity: 'customer',
  key,
  name,
  ...extra,
});
const supplier = (key: string, name: string, extra: Partial<X3Party> = {}): X3Party => ({
  entity: 'supplier',
  key,
  name,
  ...extra,
});
const contact = (id: string, name: string, extra: Partial<XeroContactFacts> = {}): XeroContactFacts => ({
  id,
  name,
  active: true,
  ...extra,
});

function input(over: Partial<Omit<MatchInput, 'xero'>> & { xero?: Partial<MatchInput['xero']> }): MatchInput {
  return {
    customers: [],
    suppliers: [],
    products: [],
    accounts: [],
    invoices: [],
    bills: [],
    ...over,
    xero: { contacts: [], items: [], accounts: [], invoices: [], bills: [], ...over.xero },
  };
}

describe('matchFirstConnection: contacts', () => {
  it('matches by ContactNumber, then normalised name, then tax number, then email, and says which rule', () => {
    const result = matchFirstConnection(
      input({
        customers: [
          customer('C1', 'Alpha Ltd'),
          customer('C2', 'Beta Trading Limited'),
          customer('C3', 'Gamma', { taxNumber: 'GB 123 456' }),
          customer('C4', 'Delta', { email: 'Accounts@Delta.example' }),
          customer('C5', 'Epsilon'),
        ],
        xero: {
          contacts: [
            contact('x1', 'Alpha (old name)', { number: 'C1' }),
            contact('x2', 'BETA TRADING LTD'),
            contact('x3', 'Gamma Holdings', { taxNumber: 'gb123456' }),
            contact('x4', 'Delta Group', { email: 'accounts@delta.example' }),
            contact('x9', 'Unrelated'),
          ],
        },
      }),
    );
    expect(result.proposals.map((p) => [p.x3Key, p.xeroId, p.rule, p.confidence])).toEqual([
      ['C1', 'x1', 'contact-number', 100],
      ['C2', 'x2', 'name', 85],
      ['C3', 'x3', 'tax-number', 80],
      ['C4', 'x4', 'email', 70],
    ]);
    expect(result.ambiguous).toEqual([]);
    expect(result.counts.customer).toEqual({ x3: 5, xero: 5, matched: 4, ambiguous: 0, unmatched: 1, linked: 0 });
  });

  it('lists an X3 party with two candidates, or two parties after one contact, as ambiguous and guesses neither', () => {
    const result = matchFirstConnection(
      input({
        customers: [
          customer('C1', 'Shared Mailbox A', { email: 'ap@group.example' }),
          customer('C2', 'Twin Ltd'),
          customer('C3', 'Kappa'),
          customer('C4', 'Kappa Limited'),
        ],
        xero: {
          contacts: [
            contact('x1', 'Group One', { email: 'ap@group.example' }),
            contact('x2', 'Group Two', { email: 'AP@group.example' }),
            contact('x3', 'Twin Limited', { number: 'T-1' }),
            contact('x4', 'twin ltd.', { number: 'T-2' }),
            contact('x5', 'KAPPA'),
          ],
        },
      }),
    );
    expect(result.proposals).toEqual([]);
    const byKey = new Map(result.ambiguous.map((a) => [a.x3Key, a]));
    expect(byKey.get('C1')).toMatchObject({ rule: 'email', reason: 'several-candidates' });
    expect(byKey.get('C1')!.candidates.map((c) => c.xeroId)).toEqual(['x1', 'x2']);
    expect(byKey.get('C2')).toMatchObject({ rule: 'name', reason: 'several-candidates' });
    expect(byKey.get('C3')).toMatchObject({ rule: 'name', reason: 'contested', candidates: [{ xeroId: 'x5' }] });
    expect(byKey.get('C4')).toMatchObject({ rule: 'name', reason: 'contested', candidates: [{ xeroId: 'x5' }] });
    // Ambiguous parties are the user's to resolve: no clash is judged for them yet.
    expect(result.clashes).toEqual([]);
  });

  it('a stronger rule claims a contact first: a weaker rule of another party does not contest it', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('C1', 'Omega Ltd'), customer('C2', 'Omega')],
        xero: { contacts: [contact('x1', 'Omega', { number: 'C1' })] },
      }),
    );
    expect(result.proposals).toEqual([expect.objectContaining({ x3Key: 'C1', xeroId: 'x1', rule: 'contact-number' })]);
    // C2 would create a contact named "Omega", which x1 holds: a clash with a proposed rename.
    expect(result.clashes).toEqual([
      { entity: 'customer', x3Key: 'C2', name: 'Omega', heldBy: { xeroId: 'x1' }, proposedName: 'Omega (X3 C2)' },
    ]);
  });

  it('lists a clash when a matched party would take a name another contact holds', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('C1', 'Sigma Retail')],
        xero: { contacts: [contact('x1', 'Sigma (typed in Xero)', { number: 'C1' }), contact('x2', 'sigma retail ')] },
      }),
    );
    expect(result.proposals.map((p) => p.xeroId)).toEqual(['x1']);
    expect(result.clashes).toEqual([
      expect.objectContaining({ x3Key: 'C1', heldBy: { xeroId: 'x2' }, proposedName: 'Sigma Retail (X3 C1)' }),
    ]);
  });

  it('a customer and a supplier with one name become one contact; two customers with one name clash', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('BP1', 'Both Ways Ltd'), customer('C7', 'Twice'), customer('C8', 'twice')],
        suppliers: [supplier('BP1', 'Both Ways Ltd'), supplier('S9', 'Matched Partner'), supplier('S10', 'Twice')],
        xero: { contacts: [contact('x1', 'Matched Partner', { number: 'P1' })] },
      }),
    );
    expect(result.clashes).toEqual([
      expect.objectContaining({ entity: 'customer', x3Key: 'C8', heldBy: { x3Entity: 'customer', x3Key: 'C7' } }),
    ]);
    expect(result.shared).toEqual([
      { customerKey: 'BP1', supplierKey: 'BP1', name: 'Both Ways Ltd' },
      { customerKey: 'C7', supplierKey: 'S10', name: 'Twice' },
    ]);
    expect(result.proposals).toEqual([expect.objectContaining({ entity: 'supplier', x3Key: 'S9', xeroId: 'x1' })]);
  });

  it('a customer and a supplier of one business partner both match its contact', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('BP1', 'Partner')],
        suppliers: [supplier('BP1', 'Partner')],
        xero: { contacts: [contact('x1', 'Partner', { number: 'BP1' })] },
      }),
    );
    expect(result.proposals.map((p) => [p.entity, p.xeroId])).toEqual([
      ['customer', 'x1'],
      ['supplier', 'x1'],
    ]);
    expect(result.shared).toEqual([{ customerKey: 'BP1', supplierKey: 'BP1', name: 'Partner', xeroId: 'x1' }]);
    expect(result.clashes).toEqual([]);
  });

  it('a confirmed rename is the name judged; a proposed name avoids names already taken', () => {
    const clash = matchFirstConnection(
      input({
        customers: [customer('C1', 'Omega Old'), customer('C2', 'Omega')],
        xero: { contacts: [contact('x1', 'Omega', { number: 'C1' }), contact('x2', 'Omega (X3 C2)')] },
      }),
    );
    expect(clash.clashes.map((c) => [c.x3Key, c.proposedName])).toEqual([
      // C1 takes its X3 name onto x1, which x1 may; C2's "Omega" is x1's today.
      ['C2', 'Omega (X3 C2 2)'],
    ]);
    const renamed = matchFirstConnection(
      input({
        customers: [customer('C1', 'Omega Old'), customer('C2', 'Omega')],
        xero: { contacts: [contact('x1', 'Omega', { number: 'C1' })] },
        renames: new Map([['customer:C2', 'Omega Wholesale']]),
      }),
    );
    expect(renamed.clashes).toEqual([]);
  });

  it('never matches an archived contact, but its name still clashes; leaves linked pairs alone', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('C1', 'Archived Co'), customer('C2', 'Linked')],
        xero: { contacts: [contact('x1', 'Archived Co', { active: false }), contact('x2', 'Linked')] },
        linked: new Map([['customer:C2', 'x2']]),
      }),
    );
    expect(result.proposals).toEqual([]);
    expect(result.clashes).toEqual([
      expect.objectContaining({ x3Key: 'C1', heldBy: { xeroId: 'x1' }, proposedName: 'Archived Co (X3 C1)' }),
    ]);
    expect(result.counts.customer).toEqual({ x3: 2, xero: 2, matched: 0, ambiguous: 0, unmatched: 1, linked: 1 });
  });
});

describe('matchFirstConnection: items, accounts, documents', () => {
  it('matches items and accounts by Code', () => {
    const result = matchFirstConnection(
      input({
        products: [{ key: 'FIN001' }, { key: 'fin002' }, { key: 'NEW' }],
        accounts: [{ key: '200' }],
        xero: {
          items: [
            { id: 'i1', code: 'FIN001', active: true },
            { id: 'i2', code: 'FIN002', active: true },
          ],
          accounts: [{ id: 'a1', code: '200', active: true }],
        },
      }),
    );
    expect(result.proposals.map((p) => [p.entity, p.x3Key, p.xeroId, p.rule, p.confidence])).toEqual([
      ['product', 'FIN001', 'i1', 'code', 100],
      ['product', 'fin002', 'i2', 'code', 90],
      ['account', '200', 'a1', 'code', 100],
    ]);
  });

  it('matches invoices by number and contact; a number on another contact is listed, not taken', () => {
    const result = matchFirstConnection(
      input({
        customers: [customer('C1', 'One'), customer('C2', 'Two')],
        invoices: [
          { key: 'INV1', partyKey: 'C1' },
          { key: 'INV2', partyKey: 'C1' },
          { key: 'INV3', partyKey: 'C2' },
        ],
        xero: {
          contacts: [contact('x1', 'One', { number: 'C1' }), contact('x7', 'Other')],
          invoices: [
            { id: 'v1', number: 'INV1', contactId: 'x1', live: true },
            { id: 'v2', number: 'INV2', contactId: 'x7', live: true },
            { id: 'v3', number: 'INV3', contactId: 'x7', live: true },
            { id: 'v4', number: 'INV9', contactId: 'x1', live: false },
          ],
        },
      }),
    );
    expect(
      result.proposals.filter((p) => p.entity === 'invoice').map((p) => [p.x3Key, p.xeroId, p.rule, p.partyKey]),
    ).toEqual([['INV1', 'v1', 'number-and-contact', 'C1']]);
    expect(result.ambiguous.map((a) => [a.x3Key, a.reason])).toEqual([
      ['INV2', 'contact-differs'],
      ['INV3', 'contact-differs'],
    ]);
  });

  it('matches bills by our key in Reference, else by the supplier number of the same contact', () => {
    const result = matchFirstConnection(
      input({
        suppliers: [supplier('S1', 'Supplier One'), supplier('S2', 'Supplier Two')],
        bills: [
          { key: 'B1', partyKey: 'S1', supplierReference: 'SUP-9' },
          { key: 'B2', partyKey: 'S1', supplierReference: 'SUP-10' },
          { key: 'B3', partyKey: 'S2', supplierReference: 'SUP-10' },
        ],
        xero: {
          contacts: [contact('x1', 'Supplier One', { number: 'S1' }), contact('x2', 'Supplier Two', { number: 'S2' })],
          bills: [
            { id: 'b1', number: 'SUP-9', reference: 'B1', contactId: 'x1', live: true },
            { id: 'b2', number: 'SUP-10', contactId: 'x1', live: true },
          ],
        },
      }),
    );
    expect(result.proposals.filter((p) => p.entity === 'bill').map((p) => [p.x3Key, p.xeroId, p.rule])).toEqual([
      ['B1', 'b1', 'reference'],
      ['B2', 'b2', 'number-and-contact'],
    ]);
    expect(result.counts.bill).toMatchObject({ matched: 2, ambiguous: 0, unmatched: 1 });
  });
});

describe('matchFirstConnection at scale', () => {
  it('matches 10,000 X3 customers against 10,000 Xero contacts in well under a second', () => {
    const customers: X3Party[] = [];
    const contacts: XeroContactFacts[] = [];
    for (let i = 0; i < 10_000; i++) {
      customers.push(customer(`C${i}`, `Firm ${i} Ltd`, { email: `ap${i}@firm.example`, taxNumber: `GB${i}` }));
      // A third keyed by number, a third by name (another legal form), a third unrelated.
      if (i % 3 === 0) contacts.push(contact(`x${i}`, `Firm ${i} Ltd`, { number: `C${i}` }));
      else if (i % 3 === 1) contacts.push(contact(`x${i}`, `FIRM ${i} LIMITED`));
      else contacts.push(contact(`x${i}`, `Other ${i}`));
    }
    const started = performance.now();
    const result = matchFirstConnection(input({ customers, suppliers: [], xero: { contacts } }));
    const elapsed = performance.now() - started;
    expect(result.counts.customer).toEqual({
      x3: 10_000,
      xero: 10_000,
      matched: 6_667,
      ambiguous: 0,
      unmatched: 3_333,
      linked: 0,
    });
    expect(result.clashes).toEqual([]);
    // Generous for a loaded 2-core machine; a quadratic matcher takes minutes here.
    expect(elapsed).toBeLessThan(5_000);
  });
});
