import { validateMappingDocument } from '../validate/validate-document';
import { compileLookup } from '../compile/lookups';
import type { LookupTable } from '../mapping-document';
import { trackedTypes, translateTracking } from './tracking';

const table: LookupTable = {
  name: 'tracking',
  kind: 'tracking',
  keyFields: ['dimensionType', 'dimension'],
  entries: [
    { key: ['DEPT', 'SALES'], value: { name: 'Department', option: 'Sales' } },
    { key: ['DEPT', 'OPS'], value: { name: 'Department', option: 'Operations' } },
    { key: ['REGION', 'N'], value: { name: 'Region', option: 'North' } },
  ],
};
const compiled = compileLookup(table);
const types = trackedTypes(table.entries);

describe('translateTracking', () => {
  it('translates mapped pairs and drops dimension types the table never mentions', () => {
    const payload = {
      lineItems: [
        {
          tracking: [
            { name: 'DEPT', option: 'SALES' },
            { name: 'PROJECT', option: 'P100' },
          ],
        },
        { tracking: [{ name: 'PROJECT', option: 'P200' }] },
        { description: 'no dimensions' },
      ],
    };
    expect(translateTracking(payload, compiled, types)).toEqual([]);
    expect(payload.lineItems[0].tracking).toEqual([{ name: 'Department', option: 'Sales' }]);
    expect('tracking' in payload.lineItems[1]).toBe(false);
    expect(payload.lineItems[2]).toEqual({ description: 'no dimensions' });
  });

  it('makes the record wait on an unmapped value of a mapped dimension type, naming key and field', () => {
    const payload = { journalLines: [{ tracking: [{ name: 'DEPT', option: 'ADMIN' }] }] };
    expect(translateTracking(payload, compiled, types)).toEqual([
      { table: 'tracking', key: ['DEPT', 'ADMIN'], field: 'journalLines[0].tracking' },
    ]);
  });

  it('keeps two translated categories on one line (Xero allows two)', () => {
    const payload = {
      lineItems: [
        {
          tracking: [
            { name: 'DEPT', option: 'OPS' },
            { name: 'REGION', option: 'N' },
          ],
        },
      ],
    };
    expect(translateTracking(payload, compiled, types)).toEqual([]);
    expect(payload.lineItems[0].tracking).toEqual([
      { name: 'Department', option: 'Operations' },
      { name: 'Region', option: 'North' },
    ]);
  });
});

describe('options.tracking in a mapping document', () => {
  const doc = (tracking: unknown, lookups: LookupTable[]) => ({
    schema: 1,
    entity: 'invoice',
    direction: 'x3-to-xero',
    fields: [],
    lookups,
    options: { tracking },
  });

  it('is accepted when it names a tracking table keyed (dimension type, dimension)', () => {
    expect(validateMappingDocument(doc({ table: 'tracking' }, [table]))).toEqual([]);
  });

  it('is refused, with its path, when the table is missing or of another kind', () => {
    expect(validateMappingDocument(doc({ table: 'nope' }, [table]))).toEqual([
      { path: '$.options.tracking.table', message: "no lookup table named 'nope'" },
    ]);
    const accounts: LookupTable = { name: 'acc', kind: 'gl-account', keyFields: ['account'], entries: [] };
    expect(validateMappingDocument(doc({ table: 'acc' }, [accounts]))).toEqual([
      {
        path: '$.options.tracking.table',
        message: 'must name a tracking table keyed (dimension type, dimension)',
      },
    ]);
  });
});
