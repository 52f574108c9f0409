import { invoiceDocument } from '../testing/invoice-document';
import { diffMappingDocuments } from './document-diff';
import { diffPayloads } from './payload-diff';

describe('diffMappingDocuments', () => {
  it('finds nothing between equal versions, whatever the key order', () => {
    const doc = invoiceDocument();
    const reordered = JSON.parse(
      JSON.stringify({ ...doc, defaults: { dueDate: { days: 30, rule: 'days-after-invoice-date' } } }),
    );
    expect(diffMappingDocuments(doc, reordered)).toEqual([]);
  });

  it('reports field, lookup entry, status and section changes by readable path', () => {
    const before = invoiceDocument();
    const after = invoiceDocument();
    after.fields = after.fields.filter((field) => field.target !== 'brandingThemeID');
    after.fields[3] = { target: 'reference', source: { kind: 'copy', from: 'key' } };
    after.fields.push({ target: 'url', source: { kind: 'constant', value: 'u' } });
    after.lookups[0].entries[0] = { key: ['GOODS', 'FRA'], value: { accountCode: '201' } };
    after.lookups[0].entries.push({ key: ['GOODS', 'EXP'], value: { accountCode: '210' } });
    after.lookups[1].ignoreCase = true;
    after.lookups = after.lookups.filter((table) => table.name !== 'regions');
    after.statusMap = { entries: { '1': 'DRAFT', '3': 'SUBMITTED' } };
    after.defaults = { dueDate: { rule: 'end-of-following-month' } };
    expect(diffMappingDocuments(before, after)).toEqual([
      { path: 'fields[reference]', kind: 'changed', before: before.fields[3], after: after.fields[3] },
      { path: 'fields[brandingThemeID]', kind: 'removed', before: before.fields[4] },
      { path: 'fields[url]', kind: 'added', after: after.fields[4] },
      {
        path: 'lookups[sales-accounts].entries[GOODS|FRA]',
        kind: 'changed',
        before: { accountCode: '200' },
        after: { accountCode: '201' },
      },
      { path: 'lookups[sales-accounts].entries[GOODS|EXP]', kind: 'added', after: { accountCode: '210' } },
      {
        path: 'lookups[tax-types]',
        kind: 'changed',
        before: expect.not.objectContaining({ ignoreCase: true }),
        after: expect.objectContaining({ ignoreCase: true }),
      },
      { path: 'lookups[regions]', kind: 'removed', before: before.lookups[2] },
      { path: 'statusMap.entries[3]', kind: 'changed', before: 'AUTHORISED', after: 'SUBMITTED' },
      { path: 'statusMap.entries[9]', kind: 'removed', before: 'skip' },
      { path: 'defaults', kind: 'changed', before: before.defaults, after: after.defaults },
    ]);
  });
});

describe('diffPayloads', () => {
  const current = {
    invoiceID: 'abc',
    invoiceNumber: 'FAC-1',
    date: '2026-03-15T00:00:00',
    total: 36,
    lineItems: [
      { lineItemID: 'l1', description: 'a', lineAmount: 10, accountCode: '200' },
      { lineItemID: 'l2', description: 'b', lineAmount: 20, accountCode: '200' },
      { lineItemID: 'l3', description: 'c', lineAmount: 6, accountCode: '200' },
    ],
  };

  it('compares only what the payload sends, numbers as decimals and dates by day', () => {
    const proposed = {
      invoiceNumber: 'FAC-1',
      date: '2026-03-15',
      lineItems: [
        { description: 'a', lineAmount: '10.00', accountCode: '200' },
        { description: 'b', lineAmount: '20.00', accountCode: '260' },
      ],
    };
    expect(diffPayloads(current, proposed)).toEqual([
      { path: 'lineItems[1].accountCode', kind: 'changed', before: '200', after: '260' },
      { path: 'lineItems[2]', kind: 'removed', before: current.lineItems[2] },
    ]);
  });

  it('reports added fields and a create as all added', () => {
    expect(diffPayloads(current, { reference: 'R1', invoiceNumber: 'FAC-2' })).toEqual([
      { path: 'reference', kind: 'added', after: 'R1' },
      { path: 'invoiceNumber', kind: 'changed', before: 'FAC-1', after: 'FAC-2' },
    ]);
    expect(diffPayloads(undefined, { contact: { name: 'N' } })).toEqual([
      { path: 'contact.name', kind: 'added', after: 'N' },
    ]);
  });
});
