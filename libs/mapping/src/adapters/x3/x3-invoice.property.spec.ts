// Property: for generated X3 sales invoices and credit memos valued as X3 values them, the
// adapters' round trip X3 → canonical → X3 input → (X3 values it again) → canonical keeps every
// decimal total, and each tax code's line taxes add up to X3's footer.
import fc from 'fast-check';
import Decimal from 'decimal.js';
import type { CreditNote, Invoice } from '../../canonical';
import type { AdapterContext, X3Shape } from '../adapter-contract';
import { X3Dec, X3PriceBasis, x3DocumentTotals, x3LineAmounts, x3NetPrice } from '../../corpus/x3-arithmetic';
import { X3_ADAPTERS } from './x3-adapters';

const TAX_RATES: Record<string, string> = { T20: '20', T55: '5.5', T0: '0', T825: '8.25' };
const DECIMALS: Record<string, number> = { EUR: 2, JPY: 0, KWD: 3, USD: 2 };
const CTX: AdapterContext = { baseCurrency: 'EUR', x3Site: 'FR011' };
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

interface LineInput {
  product: string;
  quantity: string;
  taxCode: string;
  grossPrice?: string;
  discount?: string;
  netPrice?: string;
}

interface InvoiceInput {
  invoiceType: 'invoice' | 'creditMemo';
  currency: string;
  basis: X3PriceBasis;
  lines: LineInput[];
}

/** X3's valuation of an invoice input (NETPRI, line amounts, footer per code), as a read record. */
function valued(input: InvoiceInput): X3Shape {
  const decimals = DECIMALS[input.currency];
  const money = (v: X3Dec) => v.toFixed(decimals);
  const priced = input.lines.map((l) => {
    const gross = new X3Dec(l.grossPrice ?? l.netPrice!);
    const net = l.grossPrice !== undefined ? x3NetPrice(gross, new X3Dec(l.discount ?? 0)) : gross;
    const rate = new X3Dec(TAX_RATES[l.taxCode]);
    return {
      line: l,
      net,
      taxCode: l.taxCode,
      rate,
      amounts: x3LineAmounts(net, new X3Dec(l.quantity), rate, decimals, input.basis),
    };
  });
  const totals = x3DocumentTotals(priced, decimals, input.basis);
  return {
    _id: 'SIH0001',
    id: 'SIH0001',
    invoiceType: input.invoiceType,
    salesSite: 'FR011',
    billToCustomer: 'FR002',
    accountingDate: '2026-11-05',
    currency: input.currency,
    priceBasis: input.basis,
    rateType: 'dailyRate',
    exchangeRate: input.currency === 'EUR' ? '1' : '0.5',
    status: 'notPosted',
    totalAmountExcludingTax: money(totals.excl),
    totalTaxAmount: money(totals.tax),
    totalAmountIncludingTax: money(totals.incl),
    originalInvoice: input.invoiceType === 'creditMemo' ? 'SIH0000' : '',
    taxes: totals.taxes.map((t) => ({
      taxCode: t.taxCode,
      taxRate: t.rate.toFixed(),
      taxBase: money(t.base),
      taxAmount: money(t.amount),
    })),
    lines: priced.map((p, i) => ({
      lineNumber: (i + 1) * 1000,
      product: { _id: p.line.product, accountingCode: 'ACC' },
      quantityInSalesUnitInvoiced: p.line.quantity,
      grossPrice: p.line.grossPrice ?? p.net.toFixed(),
      discount: p.line.discount ?? '0',
      netPrice: p.net.toFixed(),
      taxCode: p.taxCode,
      lineAmountExcludingTax: money(p.amounts.excl),
      lineAmountIncludingTax: money(p.amounts.incl),
    })),
  };
}

const scaled = (max: number, dp: number) =>
  fc.integer({ min: 1, max }).map((n) => new Decimal(n).div(10 ** dp).toFixed());

const invoiceInput: fc.Arbitrary<InvoiceInput> = fc
  .record({
    invoiceType: fc.constantFrom('invoice' as const, 'creditMemo' as const),
    currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'USD'),
    basis: fc.constantFrom<X3PriceBasis>('excludingTax', 'includingTax'),
    lines: fc.array(
      fc.record({
        product: fc.constantFrom('DIS001', 'FIN002', 'UT_KEYBOARD'),
        quantity: scaled(99_999_999, 3),
        taxCode: fc.constantFrom(...Object.keys(TAX_RATES)),
        priceDp: fc.integer({ min: 0, max: 4 }),
        price: fc.integer({ min: 1, max: 2_500_000 }),
        discount: fc.constantFrom('0', '5', '10', '12.5', '33.333'),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ lines, ...header }) => ({
    ...header,
    lines: lines.map((l) => ({
      product: l.product,
      quantity: l.quantity,
      taxCode: l.taxCode,
      // Prices in a 0-dp currency are whole (as X3 prices yen).
      grossPrice: new Decimal(l.price).div(10 ** (header.currency === 'JPY' ? 0 : l.priceDp)).toFixed(),
      discount: l.discount,
    })),
  }));

const adapterOf = (record: X3Shape) =>
  record.invoiceType === 'creditMemo' ? X3_ADAPTERS.creditNote : X3_ADAPTERS.invoice;

function read(record: X3Shape): Invoice | CreditNote {
  return record.invoiceType === 'creditMemo'
    ? X3_ADAPTERS.creditNote.fromX3(record, CTX)
    : X3_ADAPTERS.invoice.fromX3(record, CTX);
}

function write(doc: Invoice | CreditNote): X3Shape {
  return doc.entity === 'creditNote' ? X3_ADAPTERS.creditNote.toX3!(doc, CTX) : X3_ADAPTERS.invoice.toX3!(doc, CTX);
}

/** The X3 create input back into the valuation's input (what X3 would do with it). */
function inputOf(written: X3Shape): InvoiceInput {
  return {
    invoiceType: written.invoiceType as InvoiceInput['invoiceType'],
    currency: written.currency as string,
    basis: written.priceBasis as X3PriceBasis,
    lines: (written.lines as X3Shape[]).map((l) => ({
      product: l.product as string,
      quantity: l.quantityInSalesUnitInvoiced as string,
      taxCode: l.taxCode as string,
      grossPrice: l.grossPrice as string | undefined,
      discount: l.discount as string | undefined,
      netPrice: l.netPrice as string | undefined,
    })),
  };
}

function taxPerCode(doc: Invoice | CreditNote): Map<string, Decimal> {
  const sums = new Map<string, Decimal>();
  for (const l of doc.lines) sums.set(l.taxCode!, (sums.get(l.taxCode!) ?? new Decimal(0)).plus(l.taxAmount!));
  return sums;
}

describe('X3 invoice adapters (property)', () => {
  it('line taxes add up per code to the footer; totals survive X3 → canonical → X3 → canonical', () => {
    fc.assert(
      fc.property(invoiceInput, (input) => {
        const record = valued(input);
        expect(adapterOf(record).entity).toBe(input.invoiceType === 'creditMemo' ? 'creditNote' : 'invoice');
        const first = read(record);
        expect(first.totals).toEqual({
          subTotal: record.totalAmountExcludingTax,
          totalTax: record.totalTaxAmount,
          total: record.totalAmountIncludingTax,
        });
        const perCode = taxPerCode(first);
        for (const footer of first.taxes!) {
          expect(perCode.get(footer.taxCode)!.eq(footer.amount)).toBe(true);
          if (first.priceBasis === 'inclusive') {
            const base = first.lines
              .filter((l) => l.taxCode === footer.taxCode)
              .reduce((s, l) => s.plus(l.lineAmount).minus(l.taxAmount!), new Decimal(0));
            expect(base.eq(footer.base)).toBe(true);
          }
        }
        for (const l of first.lines)
          for (const v of [l.quantity, l.unitPrice, l.lineAmount, l.taxAmount!]) expect(v).toMatch(PLAIN_DECIMAL);

        const second = read(valued(inputOf(write(first))));
        expect(second.totals).toEqual(first.totals);
        expect(second.taxes).toEqual(first.taxes);
        expect(second.priceBasis).toBe(first.priceBasis);
        expect(second.lines.map((l) => [l.quantity, l.unitPrice, l.lineAmount, l.taxAmount])).toEqual(
          first.lines.map((l) => [l.quantity, l.unitPrice, l.lineAmount, l.taxAmount]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
