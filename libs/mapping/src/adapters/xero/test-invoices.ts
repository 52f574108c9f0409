import fc from 'fast-check';
import type { DocumentLine, Invoice, PriceBasis, TaxSummary } from '../../canonical';
import { Dec, formatMoney, lineTax, roundMoney, sumDec, toDecimalString } from '../../money';

// Canonical invoices valued the way X3 values them, for property tests and the sandbox test:
// 3-place quantities, gross prices with line discounts, net price to 4 places, line amount
// rounded to the currency, footer tax rounded once per tax code, base total = total × rate.

export const TAX_RATES: Record<string, string> = { S20: '20', R55: '5.5', Z0: '0', G15: '15' };

export interface LineSeed {
  quantityThousandths: number;
  grossMinor: number;
  discount: string;
  taxCode: string;
}

export interface InvoiceSeed {
  currency: string;
  basis: PriceBasis;
  /** X3 rate (base per document unit) in millionths; used only for a foreign currency. */
  rateMicro: number;
  lines: LineSeed[];
}

const minorDp = (currency: string) => (currency === 'JPY' ? 0 : 2);

export function x3Invoice(
  seed: InvoiceSeed,
  key: string,
  baseCurrency: string,
  options: { partyKey?: string; taxRates?: Record<string, string>; date?: string } = {},
): Invoice {
  const { partyKey = 'C001', taxRates = TAX_RATES, date = '2024-05-31' } = options;
  const { currency, basis } = seed;
  const lines: DocumentLine[] = seed.lines.map((s, i) => {
    const quantity = new Dec(s.quantityThousandths).div(1000);
    const gross = new Dec(s.grossMinor).div(10 ** minorDp(currency));
    const net = gross.times(new Dec(100).minus(s.discount)).div(100).toDecimalPlaces(4);
    return {
      lineNumber: i + 1,
      productKey: undefined,
      description: `Line ${i + 1}`,
      quantity: toDecimalString(quantity),
      grossPrice: toDecimalString(gross),
      discountPercent: s.discount,
      unitPrice: toDecimalString(net),
      taxCode: s.taxCode,
      lineAmount: formatMoney(quantity.times(net), currency),
      accountCode: '200',
    };
  });
  const codes = [...new Set(lines.map((l) => l.taxCode!))];
  const taxes: TaxSummary[] = codes.map((code) => {
    const base = sumDec(lines.filter((l) => l.taxCode === code).map((l) => new Dec(l.lineAmount)));
    return {
      taxCode: code,
      rate: taxRates[code],
      base: formatMoney(base, currency),
      amount: formatMoney(lineTax(base, taxRates[code], basis), currency),
    };
  });
  const amounts = sumDec(lines.map((l) => new Dec(l.lineAmount)));
  const tax = sumDec(taxes.map((t) => new Dec(t.amount)));
  const subTotal = basis === 'inclusive' ? amounts.minus(tax) : amounts;
  const total = subTotal.plus(tax);
  const foreign = currency !== baseCurrency;
  const rate = new Dec(seed.rateMicro).div(1_000_000);
  return {
    entity: 'invoice',
    key,
    partyKey,
    date,
    currency,
    ...(foreign ? { exchangeRate: { baseCurrency, rate: toDecimalString(rate) } } : {}),
    priceBasis: basis,
    status: 'authorised',
    lines,
    taxes,
    totals: {
      subTotal: formatMoney(subTotal, currency),
      totalTax: formatMoney(tax, currency),
      total: formatMoney(total, currency),
    },
    ...(foreign ? { baseTotal: formatMoney(roundMoney(total.times(rate), baseCurrency), baseCurrency) } : {}),
  };
}

export const lineSeed = (currency: string, taxCodes = Object.keys(TAX_RATES)): fc.Arbitrary<LineSeed> =>
  fc.record({
    quantityThousandths: fc.oneof(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 500_000 })),
    grossMinor: currency === 'JPY' ? fc.integer({ min: 1, max: 500_000 }) : fc.integer({ min: 1, max: 500_000 }),
    discount: fc.constantFrom('0', '0', '5', '12.5', '33.333', '2.75'),
    taxCode: fc.constantFrom(...taxCodes),
  });

export const invoiceSeedOf = (currencies: string[], taxCodes?: string[]): fc.Arbitrary<InvoiceSeed> =>
  fc.constantFrom(...currencies).chain((currency) =>
    fc.record({
      currency: fc.constant(currency),
      basis: fc.constantFrom<PriceBasis>('exclusive', 'inclusive'),
      rateMicro:
        currency === 'JPY'
          ? fc.integer({ min: 4_000, max: 9_000 })
          : fc.integer({ min: 500_000, max: 1_600_000 }).filter((micro) => micro !== 1_000_000), // never at par
      lines: fc.array(lineSeed(currency, taxCodes), { minLength: 1, maxLength: 8 }),
    }),
  );

export const invoiceSeed = invoiceSeedOf(['EUR', 'USD', 'GBP', 'JPY']);
