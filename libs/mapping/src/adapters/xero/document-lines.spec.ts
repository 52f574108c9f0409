import { billXeroAdapter } from './document-adapters';
import { linesFromXero } from './document-lines';

const ctx = { baseCurrency: 'NZD' };

describe("a Xero line's tax type read back", () => {
  it('keeps NONE and the other no-tax types verbatim, so a lookup can map them', () => {
    const lines = linesFromXero(
      [
        { description: 'a', quantity: 1, unitAmount: 10, lineAmount: 10, taxAmount: 0, taxType: 'NONE' },
        { description: 'b', quantity: 1, unitAmount: 10, lineAmount: 10, taxAmount: 0, taxType: 'BASEXCLUDED' },
        { description: 'c', quantity: 1, unitAmount: 10, lineAmount: 10, taxAmount: 1.5, taxType: 'INPUT2' },
      ],
      'NZD',
    );
    expect(lines.map((l) => l.taxCode)).toEqual(['NONE', 'BASEXCLUDED', 'INPUT2']);
  });

  it('reads a line without a tax type as NONE when it carries no tax or the document is untaxed, never as an empty key', () => {
    const lines = linesFromXero(
      [
        { description: 'no tax', quantity: 1, unitAmount: 10, lineAmount: 10, taxAmount: 0 },
        { description: 'taxed, type unknown', quantity: 1, unitAmount: 10, lineAmount: 10, taxAmount: 1.5 },
      ],
      'NZD',
    );
    expect(lines.map((l) => l.taxCode)).toEqual(['NONE', undefined]);
    const untaxed = billXeroAdapter.fromXero(
      {
        type: 'ACCPAY',
        invoiceID: 'b-1',
        contact: { contactNumber: 'S1' },
        date: '2026-11-30',
        currencyCode: 'NZD',
        lineAmountTypes: 'NoTax',
        lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, lineAmount: 10 }],
        subTotal: 10,
        totalTax: 0,
        total: 10,
      },
      ctx,
    );
    expect(untaxed.lines.map((l) => l.taxCode)).toEqual(['NONE']);
  });
});
