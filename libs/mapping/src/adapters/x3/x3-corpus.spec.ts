// The X3 adapters against the mapping corpus: X3 sales invoices and credit memos valued as X3
// values them (libs/mapping/src/corpus). Totals, footer taxes and the ledger total X3 posts must
// come out of fromX3 exactly, and the line taxes must add up per code to the footer.
import Decimal from 'decimal.js';
import { CorpusDocument, x3InvoiceCorpus } from '../../corpus/x3-invoice-corpus';
import { X3_ADAPTERS } from './x3-adapters';
import { salesInvoiceEntityOf } from './x3-sales-invoice';

/** What differs between the adapter's reading of a corpus document and what X3 computed. */
function differences(doc: CorpusDocument): string[] {
  const ctx = { baseCurrency: doc.expected.ledgerCurrency };
  const canonical =
    salesInvoiceEntityOf(doc.record) === 'creditNote'
      ? X3_ADAPTERS.creditNote.fromX3(doc.record, ctx)
      : X3_ADAPTERS.invoice.fromX3(doc.record, ctx);
  const { expected } = doc;
  const out: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted) out.push(`${String(doc.record.id)} ${what}: ${String(actual)} ≠ ${String(wanted)}`);
  };
  check('entity', canonical.entity, doc.kind === 'creditMemo' ? 'creditNote' : 'invoice');
  check('subTotal', canonical.totals.subTotal, expected.subTotal);
  check('totalTax', canonical.totals.totalTax, expected.totalTax);
  check('total', canonical.totals.total, expected.total);
  check('baseTotal', canonical.baseTotal, expected.ledgerTotal);
  check('rate', canonical.exchangeRate?.rate, new Decimal(expected.rate).toFixed());
  for (const footer of expected.taxes) {
    const tax = canonical.lines
      .filter((l) => l.taxCode === footer.taxCode)
      .reduce((sum, l) => sum.plus(l.taxAmount!), new Decimal(0));
    check(`tax ${footer.taxCode}`, tax.eq(footer.amount), true);
  }
  for (const line of canonical.lines)
    check(`accounting code ${line.lineNumber}`, line.productAccountingCode, doc.accountingCodes[line.productKey!]);
  return out;
}

describe('X3 adapters on the X3 invoice corpus', () => {
  it('reads 1,000 documents to X3’s totals, footer taxes per code and ledger total', () => {
    const found: string[] = [];
    let documents = 0;
    for (const doc of x3InvoiceCorpus(1000)) {
      found.push(...differences(doc));
      documents++;
    }
    expect(documents).toBe(1000);
    expect(found).toEqual([]);
  });
});
