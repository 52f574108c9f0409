import type { X3Record } from '#lb/connectors/sage-x3';
import { isPartlyInvoiced, isWhollyInvoiced, orderSource } from './order-remainders';

type Row = Record<string, unknown>;

const line = (lineNumber: number, ordered: string, invoiced: string, netPrice: string, taxCode = 'GST') => ({
  lineNumber,
  quantityInSalesUnitOrdered: ordered,
  quantityInSalesUnitInvoiced: invoiced,
  netPrice,
  taxCode: { _id: taxCode },
  lineAmountExcludingTax: 'the order line’s, not kept',
  lineAmountIncludingTax: 'the order line’s, not kept',
});
const order = (lines: Row[], priceBasis = 'excludingTax'): Row => ({
  _id: 'SONZ0110001',
  priceBasis,
  totalAmountExcludingTax: '90.42',
  totalAmountIncludingTax: '104.00',
  lines,
});

describe('an order drafted on entry and invoiced in parts', () => {
  const reads: string[] = [];
  const readX3 = (node: string, key: string) => {
    reads.push(`${node}:${key}`);
    const stamp = '2026-11-20T00:00:00Z';
    return Promise.resolve({ _id: key, _createStamp: stamp, _updateStamp: stamp, rate: '15' } as X3Record);
  };
  beforeEach(() => (reads.length = 0));

  it('is drafted whole until X3 invoices part of it, with no call', async () => {
    const o = order([line(1000, '3', '0', '19.99')]);
    expect([isPartlyInvoiced(o), isWhollyInvoiced(o)]).toEqual([false, false]);
    expect(await orderSource(o, readX3)).toEqual({ source: o });
    expect(reads).toEqual([]);
  });

  it('then as its remainder, priced as X3 prices it: lines at ordered − invoiced, tax per code on their sum', async () => {
    const o = order([line(1000, '3', '2', '19.99'), line(2000, '7', '3', '4.35'), line(3000, '1', '1', '9.99')]);
    expect(isPartlyInvoiced(o)).toBe(true);
    const r = await orderSource(o, readX3);
    expect(reads).toEqual(['taxCode:GST']);
    const source = (r as { source: Row }).source;
    expect(
      (source.lines as Row[]).map((l) => [
        l.lineNumber,
        l.quantityInSalesUnitOrdered,
        l.lineAmountExcludingTax,
        l.lineAmountIncludingTax,
      ]),
    ).toEqual([
      [1000, '1', '19.99', '22.99'],
      [2000, '4', '17.40', '20.01'],
    ]);
    // 37.39 × 15 % = 5.6085 → 5.61 on the sum (not 3.00 + 2.61 per line)
    expect(source.taxes).toEqual([{ taxCode: 'GST', taxRate: '15', taxBase: '37.39', taxAmount: '5.61' }]);
    expect([source.totalAmountExcludingTax, source.totalTaxAmount, source.totalAmountIncludingTax]).toEqual([
      '37.39',
      '5.61',
      '43.00',
    ]);
  });

  it('tax-inclusive prices: the remainder amount includes the tax, the base is what is left of it', async () => {
    const r = await orderSource(order([line(1000, '5', '3', '11.50')], 'includingTax'), readX3);
    const source = (r as { source: Row }).source;
    expect((source.lines as Row[]).map((l) => [l.lineAmountExcludingTax, l.lineAmountIncludingTax])).toEqual([
      ['20.00', '23.00'],
    ]);
    expect([source.totalAmountExcludingTax, source.totalTaxAmount, source.totalAmountIncludingTax]).toEqual([
      '20.00',
      '3.00',
      '23.00',
    ]);
  });

  it('wholly invoiced: nothing to write, unless its cross-reference says otherwise', async () => {
    const o = order([line(1000, '3', '3', '19.99'), line(2000, '7', '8', '4.35')]);
    expect([isPartlyInvoiced(o), isWhollyInvoiced(o)]).toEqual([false, true]);
    expect(await orderSource(o, readX3)).toEqual({
      source: o,
      instead: {
        kind: 'done',
        outcome: {
          action: 'skipped',
          messages: ['wholly invoiced in X3: the invoice that completes it takes its Xero draft over'],
        },
      },
    });
  });
});
