import { starterTemplate } from '../templates/starter-templates';
import { chartOf } from './suggestion-sources';
import { LookupShapeError, lookupTargetOf, withEntry, withField, writesTo } from './suggestion-lookups';

const doc = (entity: 'journal' | 'invoice') => starterTemplate('NZ', entity) as unknown as Record<string, unknown>;
type Table = { name: string; keyFields: string[]; entries: Array<{ key: string[]; value: Record<string, string> }> };
const table = (d: Record<string, unknown>, name: string) => (d.lookups as Table[]).find((t) => t.name === name)!;

describe('where an accepted pair is written', () => {
  it('adds a journal account entry, replaces one with the same key, keeps the rest', () => {
    const target = lookupTargetOf('accounts', 'journal', 'x3-to-xero')!;
    const once = withEntry(doc('journal'), target, '610', '610');
    expect(table(once, 'journal-account').entries).toContainEqual({ key: ['610'], value: { accountCode: '610' } });
    expect(table(once, 'journal-account').entries).toContainEqual({ key: ['200'], value: { accountCode: '200' } });
    const twice = withEntry(once, target, '610', '611');
    expect(table(twice, 'journal-account').entries.filter((e) => e.key[0] === '610')).toEqual([
      { key: ['610'], value: { accountCode: '611' } },
    ]);
  });

  it('keys a tax code with any rule, and creates the table when the document has none', () => {
    const target = lookupTargetOf('taxes', 'sales', 'x3-to-xero')!;
    const withTax = withEntry(doc('invoice'), target, 'NZZ', 'ZERORATED');
    expect(table(withTax, 'sales-tax-type').entries).toContainEqual({
      key: ['*', 'NZZ'],
      value: { taxType: 'ZERORATED' },
    });
    const bare = withEntry({ schema: 1, entity: 'invoice', fields: [] }, target, 'NZS', 'OUTPUT2');
    expect(table(bare, 'sales-tax-type')).toMatchObject({ kind: 'tax-type', keyFields: ['taxRule', 'taxCode'] });
  });

  it('refuses a table keyed otherwise, and a field the mapping already maps', () => {
    const target = lookupTargetOf('accounts', 'journal', 'x3-to-xero')!;
    const odd = {
      lookups: [{ name: 'journal-account', kind: 'gl-account', keyFields: ['account', 'site'], entries: [] }],
    };
    expect(() => withEntry(odd, target, '610', '610')).toThrow(LookupShapeError);
    const once = withField({ fields: [] }, 'email', 'emailAddress');
    expect(once.fields).toEqual([
      { target: 'emailAddress', source: { kind: 'copy', from: 'email', origin: 'source' }, mode: 'default' },
    ]);
    expect(() => withField(once, 'companyName', 'emailAddress')).toThrow(/already maps emailAddress/);
  });

  it('offers no account lookup xero-to-x3; fields go to their entity', () => {
    expect(lookupTargetOf('accounts', 'journal', 'xero-to-x3')).toBeUndefined();
    expect(writesTo('fields', 'customer', 'x3-to-xero')).toEqual({ entity: 'customer' });
    expect(writesTo('taxes', 'purchase', 'xero-to-x3')).toEqual({ entity: 'bill', table: 'x3-purchase-tax-code' });
  });
});

describe("the company's chart", () => {
  const charts = ['AUGAAP', 'NZGAAP', 'PCG', 'UKGAAP', 'USGAAP'];
  it('is the one asked for, else the national chart, else the country prefix, else none', () => {
    expect(chartOf(charts, { legislation: 'NZL', country: 'NZ' }, 'PCG')).toBe('PCG');
    expect(chartOf(charts, { legislation: 'NZL', country: 'NZ' }, 'NOPE')).toBeUndefined();
    expect(chartOf(charts, { legislation: 'FRA', country: 'FR' })).toBe('PCG');
    expect(chartOf(charts, { legislation: 'GBR', country: 'GB' })).toBe('UKGAAP');
    expect(chartOf(charts, { legislation: 'NZL', country: 'NZ' })).toBe('NZGAAP');
    expect(chartOf(charts, { legislation: 'ZAF', country: 'ZA' })).toBeUndefined();
    expect(chartOf(['ONLY'], { legislation: 'ZAF', country: 'ZA' })).toBe('ONLY');
  });
});
