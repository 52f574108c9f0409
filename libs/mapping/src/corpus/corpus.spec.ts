// The 10,000-document corpus: every mapped Xero document totals as X3 does, to the cent, and
// its base amount equals X3's ledger amount exactly where some 6-place rate can express it.
import { baseExpressibility } from './base-expressibility';
import { mapCorpusDocument } from './corpus-mapping';
import { X3Dec } from './x3-arithmetic';
import { CorpusDocument, x3InvoiceCorpus } from './x3-invoice-corpus';

const CORPUS_SIZE = 10_000;
const same = (a: string | number, b: string | number) => new X3Dec(String(a)).equals(new X3Dec(String(b)));

describe(`the corpus of ${CORPUS_SIZE.toLocaleString('en')} X3 invoices and credit memos mapped to Xero`, () => {
  const docs: CorpusDocument[] = [...x3InvoiceCorpus(CORPUS_SIZE)];
  const mapped = docs.map((doc) => mapCorpusDocument(doc));

  it('covers foreign currencies, JPY, both price bases and credit memos', () => {
    const foreign = docs.filter((d) => d.expected.currency !== d.expected.ledgerCurrency);
    expect(foreign.length).toBeGreaterThan(CORPUS_SIZE / 4);
    expect(foreign.filter((d) => d.expected.currency === 'JPY').length).toBeGreaterThan(500);
    expect(docs.filter((d) => d.expected.priceBasis === 'includingTax').length).toBeGreaterThan(CORPUS_SIZE / 4);
    expect(docs.filter((d) => d.kind === 'creditMemo').length).toBeGreaterThan(CORPUS_SIZE / 10);
  });

  it("gives Xero lines whose own arithmetic reproduces X3's sub-total, tax and total to the cent", () => {
    const wrong: string[] = [];
    docs.forEach((doc, i) => {
      const { computed } = mapped[i];
      const { subTotal, totalTax, total } = doc.expected;
      if (
        !same(computed.subTotal, subTotal) ||
        !same(computed.totalTax, totalTax) ||
        !same(computed.total, total) ||
        computed.lineAmountMismatches.length > 0
      )
        wrong.push(
          `#${doc.index}: X3 ${subTotal}/${totalTax}/${total}, Xero ${computed.subTotal}/${computed.totalTax}/${computed.total}`,
        );
    });
    expect(wrong).toEqual([]);
  });

  it("derives X3's ledger amount as posting does (untaxed total and tax converted apart)", () => {
    const wrong = docs.filter(
      (doc, i) =>
        doc.expected.currency !== doc.expected.ledgerCurrency &&
        mapped[i].canonical.baseTotal !== doc.expected.ledgerTotal,
    );
    expect(wrong.map((d) => d.index)).toEqual([]);
  });

  it('never sends a foreign-currency document at rate 1, nor a base-currency one with a rate', () => {
    docs.forEach((doc, i) => {
      const foreign = doc.expected.currency !== doc.expected.ledgerCurrency;
      expect(mapped[i].xero.currencyRate === undefined).toBe(!foreign);
      if (foreign) expect(mapped[i].xero.currencyRate).not.toBe(1);
    });
  });

  it("books X3's ledger amount wherever a 6-place rate can express it; the others are exactly the ones the math rules out, each off by the least possible", () => {
    const differences: Array<{
      index: number;
      currency: string;
      total: string;
      x3: string;
      xero: string;
      difference: string;
    }> = [];
    const inexpressible: number[] = [];
    docs.forEach((doc, i) => {
      if (doc.expected.currency === doc.expected.ledgerCurrency) return;
      const { total, ledgerTotal, ledgerDecimals } = doc.expected;
      const math = baseExpressibility(total, ledgerTotal, ledgerDecimals);
      const xero = mapped[i].xeroBase!;
      const difference = new X3Dec(xero).minus(ledgerTotal);
      if (!math.expressible) inexpressible.push(doc.index);
      if (!difference.isZero()) {
        differences.push({
          index: doc.index,
          currency: `${doc.expected.currency}→${doc.expected.ledgerCurrency}`,
          total,
          x3: ledgerTotal,
          xero,
          difference: difference.toFixed(ledgerDecimals),
        });
        expect(difference.abs().toFixed(ledgerDecimals)).toBe(math.bestDifference);
      }
    });
    expect(differences.map((d) => d.index)).toEqual(inexpressible);
    console.log(
      `corpus: ${differences.length} of ${CORPUS_SIZE} documents have a base amount no 6-dp CurrencyRate can express ` +
        `(reported by reconciliation as currency rounding), e.g.\n${differences
          .slice(0, 5)
          .map((d) => `  #${d.index} ${d.currency} total ${d.total}: X3 ${d.x3}, Xero ${d.xero} (${d.difference})`)
          .join('\n')}`,
    );
  });
});
