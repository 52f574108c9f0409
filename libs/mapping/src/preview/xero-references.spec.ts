import { checkReferences, OrganisationFacts, referencesOf } from './xero-references';

const facts: OrganisationFacts = {
  accounts: new Set(['200', '090']),
  taxTypes: new Set(['OUTPUT2', 'NONE']),
  tracking: new Map([['department', new Set(['sales', 'operations'])]]),
  items: new Set(['WIDGET']),
  contacts: new Set(['C-1001']),
};

const invoice = (line: Record<string, unknown>, contactNumber = 'C-1001') => ({
  type: 'ACCREC',
  contact: { contactNumber },
  lineItems: [{ description: 'First', accountCode: '200', taxType: 'OUTPUT2' }, line],
});

describe('Xero references of a mapped payload', () => {
  it('finds account codes, tax types, tracking, item codes and the contact, with the field naming each', () => {
    const refs = referencesOf({
      ...invoice({ itemCode: 'BOLT', accountCode: '260', tracking: [{ name: 'DEPT', option: 'SALES' }] }),
      account: { code: '090' },
    });
    expect(refs).toEqual({
      accounts: [
        { path: 'lineItems[0].accountCode', code: '200' },
        { path: 'lineItems[1].accountCode', code: '260' },
        { path: 'account.code', code: '090' },
      ],
      taxTypes: [{ path: 'lineItems[0].taxType', taxType: 'OUTPUT2' }],
      tracking: [{ path: 'lineItems[1].tracking[0]', name: 'DEPT', option: 'SALES' }],
      items: ['BOLT'],
      contacts: ['C-1001'],
    });
  });

  it('a contact named by its Xero id is not looked up', () => {
    expect(referencesOf({ contact: { contactID: 'b1', contactNumber: 'C-9' } }).contacts).toEqual([]);
  });

  it('passes a payload naming only what the organisation holds', () => {
    expect(
      checkReferences(invoice({ itemCode: 'WIDGET', tracking: [{ name: 'Department', option: 'Sales' }] }), facts),
    ).toEqual({ issues: [], missing: [] });
  });

  it('refuses an unknown account, tax type, tracking category or option, naming the field and the rule', () => {
    const { issues } = checkReferences(
      invoice({
        accountCode: '999',
        taxType: 'OUTPUT',
        tracking: [
          { name: 'DEPT', option: 'SALES' },
          { name: 'Department', option: 'Head Office' },
        ],
      }),
      facts,
    );
    expect(issues.map(({ field, rule }) => ({ field, rule }))).toEqual([
      { field: 'lineItems[1].accountCode', rule: 'xero-unknown-account' },
      { field: 'lineItems[1].taxType', rule: 'xero-unknown-tax-type' },
      { field: 'lineItems[1].tracking[0].name', rule: 'xero-unknown-tracking-category' },
      { field: 'lineItems[1].tracking[1].option', rule: 'xero-unknown-tracking-option' },
    ]);
    expect(issues[0].message).toContain('999');
  });

  it('makes a record wait on an item or contact the sync would create first, each named once', () => {
    const payload = invoice({ itemCode: 'BOLT' }, 'NZ001');
    (payload.lineItems as unknown[]).push({ itemCode: 'BOLT' });
    expect(checkReferences(payload, facts)).toEqual({
      issues: [],
      missing: [
        { table: 'contacts', key: ['NZ001'] },
        { table: 'items', key: ['BOLT'] },
      ],
    });
  });
});
