import { X3Dec, x3DocumentTotals, x3LedgerTotal, x3LineAmounts, x3NetPrice } from './x3-arithmetic';
import { corpusDocument, x3InvoiceCorpus } from './x3-invoice-corpus';

const d = (v: string) => new X3Dec(v);

describe('X3 arithmetic (worked by hand)', () => {
  it('derives the net price from the gross price and discount, and a tax-inclusive line', () => {
    const net = x3NetPrice(d('19.99'), d('5'));
    expect(net.toFixed()).toBe('18.9905');
    // 24 × 18.9905 = 455.772 → 455.77 including GST; excluding: 455.77 × 100 / 115 = 396.3217… → 396.32
    const amounts = x3LineAmounts(net, d('24'), d('15'), 2, 'includingTax');
    expect([amounts.incl.toFixed(2), amounts.excl.toFixed(2)]).toEqual(['455.77', '396.32']);
    const totals = x3DocumentTotals([{ taxCode: 'NZS', rate: d('15'), amounts }], 2, 'includingTax');
    // the footer's tax is 455.77 × 15 / 115 = 59.448… → 59.45, the base what is left
    expect([totals.tax.toFixed(2), totals.excl.toFixed(2), totals.incl.toFixed(2)]).toEqual([
      '59.45',
      '396.32',
      '455.77',
    ]);
  });

  it('rounds tax once per tax code on the footer, not per line', () => {
    const line = () => ({
      taxCode: 'GBR',
      rate: d('5'),
      amounts: x3LineAmounts(d('0.10'), d('1'), d('5'), 2, 'excludingTax'),
    });
    // each line alone: 0.10 × 5 % = 0.005 → 0.01; three lines would add up to 0.03
    expect(line().amounts.incl.toFixed(2)).toBe('0.11');
    const totals = x3DocumentTotals([line(), line(), line()], 2, 'excludingTax');
    // the footer: 0.30 × 5 % = 0.015 → 0.02
    expect([totals.excl.toFixed(2), totals.tax.toFixed(2), totals.incl.toFixed(2)]).toEqual(['0.30', '0.02', '0.32']);
    expect(totals.taxes.map((t) => [t.taxCode, t.base.toFixed(2), t.amount.toFixed(2)])).toEqual([
      ['GBR', '0.30', '0.02'],
    ]);
  });

  it('rounds yen to whole units', () => {
    const amounts = x3LineAmounts(d('1234'), d('2.5'), d('10'), 0, 'excludingTax');
    expect([amounts.excl.toFixed(), amounts.incl.toFixed()]).toEqual(['3085', '3394']); // tax 308.5 → 309
  });

  it('converts the untaxed total and the tax separately into the ledger currency', () => {
    // 1000.00 × 0.923967 = 923.967 → 923.97; 200.00 × 0.923967 = 184.7934 → 184.79
    expect(x3LedgerTotal({ excl: d('1000'), tax: d('200') }, d('0.92396700'), 2).toFixed(2)).toBe('1108.76');
  });
});

describe('the generated corpus', () => {
  it('is the same document for the same seed and index, and another for another seed', () => {
    expect(corpusDocument(4711)).toEqual(corpusDocument(4711));
    expect(corpusDocument(4711, { seed: 1 }).record).not.toEqual(corpusDocument(4711).record);
  });

  it('covers what the issue asks for: 3-dp quantities, discounts, both price bases, several tax rates, JPY, credit memos', () => {
    const docs = [...x3InvoiceCorpus(2_000)];
    const lines = docs.flatMap((doc) => doc.record.lines as Array<Record<string, string>>);
    expect(lines.some((l) => /\.\d{3}$/.test(l.quantityInSalesUnitInvoiced))).toBe(true);
    expect(lines.some((l) => l.discount !== '0')).toBe(true);
    expect(new Set(docs.map((doc) => doc.expected.priceBasis))).toEqual(new Set(['includingTax', 'excludingTax']));
    expect(new Set(lines.map((l) => l.taxCode)).size).toBeGreaterThanOrEqual(10);
    expect(docs.some((doc) => doc.expected.currency === 'JPY' && doc.expected.ledgerCurrency !== 'JPY')).toBe(true);
    expect(docs.some((doc) => doc.expected.currency !== doc.expected.ledgerCurrency)).toBe(true);
    expect(docs.some((doc) => doc.kind === 'creditMemo')).toBe(true);
    expect(docs.some((doc) => Number(doc.expected.total) > 1_000_000)).toBe(true);
  });

  it('keeps each record consistent with X3: footer and totals add up, JPY has no decimals', () => {
    for (const doc of x3InvoiceCorpus(2_000)) {
      const r = doc.record as Record<string, string> & { taxes: Array<Record<string, string>> };
      const tax = r.taxes.reduce((t, f) => t.plus(f.taxAmount), d('0'));
      const base = r.taxes.reduce((t, f) => t.plus(f.taxBase), d('0'));
      expect(tax.toFixed(doc.expected.decimals)).toBe(doc.expected.totalTax);
      expect(base.toFixed(doc.expected.decimals)).toBe(doc.expected.subTotal);
      expect(d(r.totalAmountIncludingTax).equals(d(doc.expected.total))).toBe(true);
      if (doc.expected.currency === 'JPY') expect(r.totalAmountIncludingTax).toMatch(/^\d+$/);
    }
  });
});
