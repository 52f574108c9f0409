// Property: a document's decimal totals survive X3 → canonical → Xero → canonical unchanged,
// where the Xero leg is what Xero answers for the payload (its own arithmetic, numbers on the wire).
import fc from 'fast-check';
import { creditNoteXeroAdapter, invoiceXeroAdapter } from '../adapters/xero';
import type { XeroDocument } from '../adapters/xero';
import { baseExpressibility } from './base-expressibility';
import { corpusContext, mapCorpusDocument } from './corpus-mapping';
import { X3Dec } from './x3-arithmetic';
import { corpusDocument } from './x3-invoice-corpus';

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && new X3Dec(a).equals(new X3Dec(b));

/** What Xero stores and answers for a payload: its own line and document totals, as JSON numbers. */
function xeroAnswer(payload: XeroDocument, computed: ReturnType<typeof mapCorpusDocument>['computed']): XeroDocument {
  return {
    ...payload,
    lineItems: (payload.lineItems ?? []).map((l, i) => ({
      ...l,
      lineAmount: Number(computed.lines[i].lineAmount),
      taxAmount: Number(computed.lines[i].taxAmount),
    })),
    subTotal: Number(computed.subTotal),
    totalTax: Number(computed.totalTax),
    total: Number(computed.total),
  };
}

describe('round trip X3 → canonical → Xero → canonical (fast-check)', () => {
  it('keeps sub-total, tax, total, every line amount and line tax, and the base amount a 6-dp rate can express', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.nat({ max: 1_000_000 }),
        fc.integer({ min: 1, max: 15 }),
        (seed, index, lines) => {
          const doc = corpusDocument(index, { seed, lines });
          const ctx = corpusContext(doc);
          const { canonical, xero, computed } = mapCorpusDocument(doc);
          const answer = xeroAnswer(xero, computed);
          const back =
            canonical.entity === 'creditNote'
              ? creditNoteXeroAdapter.fromXero(answer, ctx)
              : invoiceXeroAdapter.fromXero(answer, ctx);
          expect(back.currency).toBe(canonical.currency);
          expect(back.priceBasis).toBe(canonical.priceBasis);
          for (const field of ['subTotal', 'totalTax', 'total'] as const)
            expect([field, same(back.totals[field], canonical.totals[field])]).toEqual([field, true]);
          expect(back.lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual(
            canonical.lines.map((l) => [
              new X3Dec(l.lineAmount).toFixed(doc.expected.decimals),
              new X3Dec(l.taxAmount ?? '0').toFixed(doc.expected.decimals),
            ]),
          );
          if (doc.expected.currency !== doc.expected.ledgerCurrency) {
            const { expressible } = baseExpressibility(
              doc.expected.total,
              doc.expected.ledgerTotal,
              doc.expected.ledgerDecimals,
            );
            expect(same(back.baseTotal, canonical.baseTotal)).toBe(expressible);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
