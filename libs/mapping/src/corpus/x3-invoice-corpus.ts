// A deterministic corpus of X3 sales invoices and credit memos, shaped as the X3 connector hands
// them on (SalesInvoice node, references flattened to their key, decimals as GraphQL text) and
// valued exactly as X3 values them (x3-arithmetic.ts). Each document comes with what X3 says its
// totals and ledger amount are, for tests and the benchmark to compare a mapping against.
import type { X3Shape } from '../adapters/adapter-contract';
import {
  CORPUS_COMPANIES,
  CORPUS_CURRENCIES,
  CORPUS_DISCOUNTS,
  CORPUS_PRODUCTS,
  CorpusCompany,
} from './corpus-reference';
import { Prng, prng } from './prng';
import {
  X3Dec,
  X3LineAmounts,
  X3PriceBasis,
  x3DocumentTotals,
  x3LedgerTotal,
  x3LineAmounts,
  x3NetPrice,
} from './x3-arithmetic';

/** What X3 computed for a document, as text in the document (or ledger) currency. */
export interface X3Expected {
  currency: string;
  decimals: number;
  ledgerCurrency: string;
  ledgerDecimals: number;
  /** CHGRAT: ledger units per document unit, 8 places. */
  rate: string;
  priceBasis: X3PriceBasis;
  subTotal: string;
  totalTax: string;
  total: string;
  /** The receivable's AMTLED after posting. */
  ledgerTotal: string;
  /** Tax per tax code from the footer. */
  taxes: Array<{ taxCode: string; rate: string; base: string; amount: string }>;
}

export interface CorpusDocument {
  index: number;
  kind: 'invoice' | 'creditMemo';
  /** The X3 SalesInvoice record (with `lines` and `taxes`). */
  record: X3Shape;
  expected: X3Expected;
  /** Product ITMREF → accounting code (ACCCOD), for lookups keyed on it. */
  accountingCodes: Record<string, string>;
}

export interface CorpusOptions {
  seed?: number;
  /** Lines per document; random 1–12 when absent. */
  lines?: number;
  /** Share of foreign-currency documents (default 0.4). */
  foreignShare?: number;
  /** X3 companies to draw from (default all: NZ10, AU10, GB10, US10, FR10). */
  companies?: readonly string[];
  /** Share of credit memos (default 0.15). */
  creditShare?: number;
}

const gql = (value: X3Dec): string => value.toFixed();
const money = (value: X3Dec, decimals: number): string => gql(value.toDecimalPlaces(decimals));

function isoDate(r: Prng): string {
  const day = new Date(Date.UTC(2026, 0, 1) + r.int(0, 333) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A 3-decimal quantity: mostly small, sometimes whole, sometimes very large. */
function quantity(r: Prng, large: boolean): X3Dec {
  if (r.chance(0.3)) return new X3Dec(r.int(1, large ? 5_000 : 24));
  return new X3Dec(r.int(1, large ? 5_000_000 : 60_000)).div(1000);
}

/** A gross price with up to 4 decimals (whole yen for JPY, as X3 prices in a 0-dp currency). */
function grossPrice(r: Prng, currency: string, large: boolean): X3Dec {
  if (currency === 'JPY') return new X3Dec(r.int(1, large ? 2_000_000 : 60_000));
  const places = r.pick([2, 2, 3, 4]);
  const scale = 10 ** places;
  return new X3Dec(r.int(1, (large ? 20_000 : 400) * scale)).div(scale);
}

function documentRate(r: Prng, currency: string, ledger: string): X3Dec {
  if (currency === ledger) return new X3Dec(1);
  const ratio = new X3Dec(CORPUS_CURRENCIES[currency][1]).div(CORPUS_CURRENCIES[ledger][1]);
  const jitter = new X3Dec(r.int(-50_000, 50_000)).div(1_000_000).plus(1);
  return ratio.mul(jitter).toDecimalPlaces(8);
}

function pickCurrency(r: Prng, company: CorpusCompany, foreignShare: number): string {
  if (!r.chance(foreignShare)) return company.ledgerCurrency;
  if (r.chance(0.25)) return 'JPY';
  const others = Object.keys(CORPUS_CURRENCIES).filter((c) => c !== company.ledgerCurrency && c !== 'JPY');
  return r.pick(others);
}

function companiesOf(options: CorpusOptions): readonly CorpusCompany[] {
  if (!options.companies) return CORPUS_COMPANIES;
  const chosen = CORPUS_COMPANIES.filter((c) => options.companies!.includes(c.company));
  if (chosen.length === 0) throw new Error(`no corpus company among ${options.companies.join(', ')}`);
  return chosen;
}

export function corpusDocument(index: number, options: CorpusOptions = {}): CorpusDocument {
  const r = prng((options.seed ?? 20261130) + Math.imul(index + 1, 0x9e3779b1));
  const company = r.pick(companiesOf(options));
  const currency = pickCurrency(r, company, options.foreignShare ?? 0.4);
  const decimals = CORPUS_CURRENCIES[currency][0];
  const ledgerDecimals = CORPUS_CURRENCIES[company.ledgerCurrency][0];
  const basis: X3PriceBasis = r.chance(0.4) ? 'includingTax' : 'excludingTax';
  const kind = r.chance(options.creditShare ?? 0.15) ? 'creditMemo' : 'invoice';
  const large = r.chance(0.05);
  const rate = documentRate(r, currency, company.ledgerCurrency);
  const id = `${kind === 'creditMemo' ? 'SCM' : 'SIH'}${company.site}${String(index).padStart(7, '0')}`;
  const date = isoDate(r);
  const taxCodes = Object.keys(company.taxCodes);
  const lineCount = options.lines ?? r.int(1, 12);
  const priced: Array<{ taxCode: string; rate: X3Dec; amounts: X3LineAmounts }> = [];
  const lines: X3Shape[] = [];
  const accountingCodes: Record<string, string> = {};
  for (let n = 1; n <= lineCount; n++) {
    const [product, accountingCode] = r.pick(CORPUS_PRODUCTS);
    accountingCodes[product] = accountingCode;
    const taxCode = r.pick(taxCodes);
    const taxRate = new X3Dec(company.taxCodes[taxCode]);
    const qty = quantity(r, large);
    const gross = grossPrice(r, currency, large);
    const discount = r.chance(0.3) ? new X3Dec(r.pick(CORPUS_DISCOUNTS)) : new X3Dec(0);
    const net = x3NetPrice(gross, discount);
    const amounts = x3LineAmounts(net, qty, taxRate, decimals, basis);
    priced.push({ taxCode, rate: taxRate, amounts });
    const lineNumber = n * 1000;
    lines.push({
      _id: `${id}|${lineNumber}`,
      lineNumber,
      product,
      // the connector lifts the product's accounting code (ACCCOD) and tax level onto the line
      productAccountingCode: accountingCode,
      productTaxLevel: 'NOR',
      productDescription: `${product} line ${n}`,
      quantityInSalesUnitInvoiced: gql(qty),
      grossPrice: gql(gross),
      discount: gql(discount),
      netPrice: gql(net),
      taxCode,
      lineAmountExcludingTax: money(amounts.excl, decimals),
      lineAmountIncludingTax: money(amounts.incl, decimals),
      salesOrder: '',
      salesOrderLine: 0,
      salesDelivery: '',
    });
  }
  const totals = x3DocumentTotals(priced, decimals, basis);
  const taxes = totals.taxes.map((t, i) => ({
    _id: `${id}|${i + 1}`,
    taxCode: t.taxCode,
    taxRate: gql(t.rate),
    taxBase: money(t.base, decimals),
    taxAmount: money(t.amount, decimals),
  }));
  const stamp = `${date}T09:00:00.000Z`;
  const record: X3Shape = {
    _id: id,
    _createStamp: stamp,
    _updateStamp: stamp,
    id,
    invoiceType: kind,
    salesInvoiceType: kind === 'creditMemo' ? 'SCM' : 'INV',
    company: company.company,
    salesSite: company.site,
    billToCustomer: company.customer,
    payByCustomer: company.customer,
    accountingDate: date,
    currency,
    paymentTerm: 'CH30NETEOM',
    priceBasis: basis,
    rateType: 'dailyRate',
    exchangeRate: gql(rate),
    dueDate: addDays(date, 30),
    status: 'notPosted',
    totalAmountExcludingTax: money(totals.excl, decimals),
    totalTaxAmount: money(totals.tax, decimals),
    totalAmountIncludingTax: money(totals.incl, decimals),
    paidAmount: '0',
    salesOrder: '',
    salesDelivery: '',
    originalInvoice: '',
    taxRule: company.taxRule,
    lines,
    taxes,
  };
  return {
    index,
    kind,
    record,
    accountingCodes,
    expected: {
      currency,
      decimals,
      ledgerCurrency: company.ledgerCurrency,
      ledgerDecimals,
      rate: gql(rate),
      priceBasis: basis,
      subTotal: totals.excl.toFixed(decimals),
      totalTax: totals.tax.toFixed(decimals),
      total: totals.incl.toFixed(decimals),
      ledgerTotal: x3LedgerTotal(totals, rate, ledgerDecimals).toFixed(ledgerDecimals),
      taxes: totals.taxes.map((t) => ({
        taxCode: t.taxCode,
        rate: gql(t.rate),
        base: t.base.toFixed(decimals),
        amount: t.amount.toFixed(decimals),
      })),
    },
  };
}

/** Documents 0 … count−1 of the corpus, generated lazily (the benchmark streams 100,000). */
export function* x3InvoiceCorpus(count: number, options: CorpusOptions = {}): Generator<CorpusDocument> {
  for (let i = 0; i < count; i++) yield corpusDocument(i, options);
}
