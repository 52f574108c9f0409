// A mapping document for X3 sales invoices → Xero ACCREC, used by the engine's tests.
import type { MappingDocument } from '../mapping-document';

export function invoiceDocument(overrides: Partial<MappingDocument> = {}): MappingDocument {
  return {
    schema: 1,
    entity: 'invoice',
    direction: 'x3-to-xero',
    fields: [
      // X3 sales lines carry no GL account: product accounting code + tax rule → AccountCode.
      {
        target: 'lineItems[].accountCode',
        source: {
          kind: 'lookup',
          table: 'sales-accounts',
          key: ['lines[].productAccountingCode', 'taxRule'],
          field: 'accountCode',
        },
      },
      {
        target: 'lineItems[].taxType',
        source: { kind: 'lookup', table: 'tax-types', key: ['taxRule', 'lines[].taxCode'], field: 'taxType' },
      },
      {
        target: 'lineItems[].tracking[0]',
        source: { kind: 'lookup', table: 'regions', key: ['lines[].dimensions.CCE'] },
      },
      { target: 'reference', source: { kind: 'copy', from: 'NUM', origin: 'source' } },
      { target: 'brandingThemeID', source: { kind: 'constant', value: 'theme-1' } },
    ],
    lookups: [
      {
        name: 'sales-accounts',
        kind: 'gl-account',
        keyFields: ['accountingCode', 'taxRule'],
        entries: [
          { key: ['GOODS', 'FRA'], value: { accountCode: '200' } },
          { key: ['SERVICES', '*'], value: { accountCode: '260' } },
        ],
      },
      {
        name: 'tax-types',
        kind: 'tax-type',
        keyFields: ['taxRule', 'taxCode'],
        entries: [{ key: ['FRA', 'S20'], value: { taxType: 'OUTPUT2' } }],
      },
      {
        name: 'regions',
        kind: 'tracking',
        keyFields: ['costCentre'],
        entries: [
          { key: ['NORTH'], value: { name: 'Region', option: 'North' } },
          { key: ['SOUTH'], value: { name: 'Region', option: 'South' } },
        ],
      },
    ],
    statusMap: { entries: { '1': 'DRAFT', '3': 'AUTHORISED', '9': 'skip' } },
    defaults: { dueDate: { rule: 'days-after-invoice-date', days: 30 } },
    ...overrides,
  };
}
