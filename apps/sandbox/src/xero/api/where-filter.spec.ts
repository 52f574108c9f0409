import { XeroHttpError } from '../core/xero-errors';
import { evaluate, parseWhere } from './where-filter';

const invoice = {
  Status: 'AUTHORISED',
  Type: 'ACCREC',
  InvoiceNumber: 'INV-0007',
  AmountDue: 115.5,
  Date: '/Date(1767225600000+0000)/',
  Contact: { ContactID: '0f1e2d3c-0000-4000-8000-000000000001', Name: 'Ridgeway University' },
  Reference: null,
};

const matches = (where: string) => evaluate(parseWhere(where).node, invoice);

describe('where filter', () => {
  it('compares strings case-insensitively, numbers and GUIDs', () => {
    expect(matches('Status=="authorised"')).toBe(true);
    expect(matches('AmountDue > 100 && AmountDue <= 115.5')).toBe(true);
    expect(matches('Contact.ContactID==GUID("0F1E2D3C-0000-4000-8000-000000000001")')).toBe(true);
    expect(matches('Status!="DRAFT"')).toBe(true);
  });

  it('handles DateTime, null, AND/OR/NOT and parentheses', () => {
    expect(matches('Date >= DateTime(2026,01,01) AND Date < DateTime(2026, 1, 2)')).toBe(true);
    expect(matches('Reference == null')).toBe(true);
    expect(matches('(Status=="DRAFT" OR Type=="ACCREC") AND NOT Status=="VOIDED"')).toBe(true);
    expect(matches('Status=="DRAFT" || Status=="PAID"')).toBe(false);
  });

  it('supports Contains, StartsWith and EndsWith', () => {
    expect(matches('Contact.Name.Contains("way")')).toBe(true);
    expect(matches('InvoiceNumber.StartsWith("INV-")')).toBe(true);
    expect(matches('InvoiceNumber.EndsWith("8")')).toBe(false);
  });

  it('reports the fields used, for the efficiency check', () => {
    expect(parseWhere('Status=="X" AND Contact.Name.Contains("y")').fields).toEqual(['Status', 'Contact.Name']);
  });

  it('rejects malformed clauses with a 400', () => {
    for (const bad of ['Status==', 'Status ~ "x"', '(Status=="x"', 'Status=="x" extra']) {
      expect(() => parseWhere(bad)).toThrow(XeroHttpError);
    }
  });
});
