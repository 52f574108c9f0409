import { operationLabel, settledOutcomeLabel, statusClassOf } from './call-events';
import { planNamesOf, tenantClasses, tenantClassOf } from './tenant-class';

describe('metric labels stay bounded', () => {
  it('maps HTTP statuses to status classes, 429 and no answer on their own', () => {
    expect([200, 201, 204, 302, 400, 401, 404, 429, 500, 503, 0, -1, NaN, 700].map(statusClassOf)).toEqual([
      '2xx',
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '4xx',
      '429',
      '5xx',
      '5xx',
      'network',
      'network',
      'network',
      'network',
    ]);
  });

  it("keeps Xero's verb:Resource operations and turns anything else into 'other'", () => {
    expect(operationLabel('xero', 'upsert:Contacts')).toBe('upsert:Contacts');
    expect(operationLabel('xero', 'list:Invoices')).toBe('list:Invoices');
    // an id or free text never becomes a label value
    expect(operationLabel('xero', 'get:Invoices/0b6e1c7a-1f7e-4c36-9b52-2d3c1f0e9a11')).toBe('other');
    expect(operationLabel('xero', 'Robert"); DROP')).toBe('other');
    expect(operationLabel('xero', `list:${'A'.repeat(200)}`)).toBe('other');
  });

  it("reads an X3 GraphQL call's node and operation from its text, never its arguments", () => {
    const list = `query ($first: Int, $after: String, $filter: String, $orderBy: String) {
      x3Sales { salesOrder { query(first: $first, after: $after, filter: $filter) { edges { node { _id } } } } } }`;
    expect(operationLabel('x3', list)).toBe('salesOrder.query');
    const read = `query ($id: Id!) { x3MasterData { customer { read(_id: $id) { _id code } } } }`;
    expect(operationLabel('x3', read)).toBe('customer.read');
    const create = `mutation ($data: SalesInvoice_Input!) { x3Sales { salesInvoice { create(data: $data) { _id } } } }`;
    expect(operationLabel('x3', create)).toBe('salesInvoice.create');
    const counts = `{ companies: x3MasterData { company { query(first: 100) { edges { node { _id } } } } } }`;
    expect(operationLabel('x3', counts)).toBe('company.query');
    expect(operationLabel('x3', `{ __schema { queryType { fields { name } } } }`)).toBe('introspection');
    expect(operationLabel('x3', 'FAC0042')).toBe('other');
  });

  it("names what a settled change did: the drain's action when done, else the state", () => {
    expect(settledOutcomeLabel('done', 'created')).toBe('created');
    expect(settledOutcomeLabel('done', 'updated')).toBe('updated');
    expect(settledOutcomeLabel('done', 'unchanged')).toBe('unchanged');
    expect(settledOutcomeLabel('done', 'something-new')).toBe('done');
    expect(settledOutcomeLabel('done', undefined)).toBe('done');
    expect(settledOutcomeLabel('dead', null)).toBe('dead');
    expect(settledOutcomeLabel('held', null)).toBe('held');
    expect(settledOutcomeLabel('waiting', null)).toBe('waiting');
    expect(settledOutcomeLabel('retry', null)).toBe('retry');
    expect(settledOutcomeLabel('release', null)).toBeNull();
  });
});

describe('tenant class', () => {
  const config = { plans: planNamesOf('standard=2500/2000,pro=5000/5000'), defaultPlan: 'standard' };

  it('is the plan, trial for a sandbox-only tenant, unknown without a tenant', () => {
    expect(tenantClassOf({ sandboxOnly: false }, config)).toBe('standard');
    expect(tenantClassOf({ sandboxOnly: false, plan: 'pro' }, config)).toBe('pro');
    expect(tenantClassOf({ sandboxOnly: true, plan: 'pro' }, config)).toBe('trial');
    expect(tenantClassOf(null, config)).toBe('unknown');
    expect(tenantClassOf(undefined, config)).toBe('unknown');
  });

  it('never mints a value outside the fixed set (an unconfigured plan is the default plan)', () => {
    expect(tenantClassOf({ sandboxOnly: false, plan: 'enterprise-acme' }, config)).toBe('standard');
    expect(tenantClasses(config)).toEqual(['standard', 'pro', 'trial', 'unknown']);
    const seen = new Set(
      [null, { sandboxOnly: true }, { sandboxOnly: false }, { sandboxOnly: false, plan: 'x' }].map((f) =>
        tenantClassOf(f, config),
      ),
    );
    for (const value of seen) expect(tenantClasses(config)).toContain(value);
  });
});
