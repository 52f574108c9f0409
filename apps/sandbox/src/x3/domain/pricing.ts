import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { X3BusinessError, getRow, text } from './store';

export type PriceBasis = 'excludingTax' | 'includingTax';

const TAX_LEVEL_FIELD: Record<string, 'standardTaxCode' | 'reducedTaxCode' | 'zeroTaxCode'> = {
  NOR: 'standardTaxCode',
  RED: 'reducedTaxCode',
  EXO: 'zeroTaxCode',
};

/** Folders seeded before tax rules were stored (a kept SEED folder) still find their codes. */
const RULES_BEFORE_TAX_RULE_TABLE: Record<string, string> = { FRA: 'FRN', NT: 'USS', EXP: 'EXO', POR: 'PTN' };

/** Tax determination: the partner's tax rule (VACBPR) and the product's tax level (VACITM) give the tax code. */
export async function defaultTaxCode(
  client: PoolClient,
  folder: string,
  taxRule: string,
  taxLevel = 'NOR',
): Promise<string> {
  const rule = taxRule ? await getRow(client, 'taxRule', folder, taxRule) : null;
  if (!rule) return RULES_BEFORE_TAX_RULE_TABLE[taxRule] ?? 'EXO';
  return text(rule[TAX_LEVEL_FIELD[taxLevel] ?? 'standardTaxCode']) || text(rule.standardTaxCode);
}

export async function currencyDecimals(client: PoolClient, folder: string, currency: string): Promise<number> {
  const row = await getRow(client, 'currency', folder, currency);
  return row ? Number(row.decimals) : 2;
}

export async function taxRate(client: PoolClient, folder: string, taxCode: string): Promise<Decimal> {
  const row = await getRow(client, 'taxCode', folder, taxCode);
  return new Decimal(text(row?.rate) || 0);
}

export function priceBasisOf(value: unknown): PriceBasis {
  if (value === undefined || value === null || value === '') return 'excludingTax';
  if (value === 'excludingTax' || value === 'includingTax') return value;
  throw new X3BusinessError(`Price type (PRITYP): ${text(value)} is not excludingTax or includingTax`);
}

/** Gross price less the line discount (DISCRGVAL1, a percentage), as X3 derives NETPRI. */
export function netPriceOf(gross: Decimal, discountPercent: Decimal): Decimal {
  return gross.mul(new Decimal(100).minus(discountPercent)).div(100);
}

export interface LineAmounts {
  excl: Decimal;
  tax: Decimal;
  incl: Decimal;
}

/**
 * A line's amounts: price x quantity rounded to the currency. With tax-exclusive prices that is the
 * amount excluding tax; with tax-inclusive prices (PRITYP) it is the amount including tax and the
 * excluded amount is derived from it. The line's tax is for display: the document's tax is the footer's.
 */
export function lineAmounts(
  netPrice: Decimal,
  quantity: Decimal,
  rate: Decimal,
  decimals: number,
  basis: PriceBasis = 'excludingTax',
): LineAmounts {
  const amount = netPrice.mul(quantity).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  if (basis === 'includingTax') {
    const excl = amount.mul(100).div(rate.plus(100)).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
    return { excl, tax: amount.minus(excl), incl: amount };
  }
  const tax = amount.mul(rate).div(100).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return { excl: amount, tax, incl: amount.plus(tax) };
}

export interface TaxFooterLine {
  taxCode: string;
  rate: Decimal;
  base: Decimal;
  amount: Decimal;
}

export interface DocumentTotals {
  excl: Decimal;
  tax: Decimal;
  incl: Decimal;
  taxes: TaxFooterLine[];
}

/**
 * Document totals as X3 values its footer: lines are grouped by tax code (BASTAX(n), AMTTAX(n)) and
 * each code's tax is computed and rounded once on its base, not summed from rounded line taxes.
 */
export function documentTotals(
  lines: Array<{ taxCode: string; rate: Decimal; amounts: LineAmounts }>,
  decimals: number,
  basis: PriceBasis,
): DocumentTotals {
  const byCode = new Map<string, { rate: Decimal; sum: Decimal }>();
  for (const line of lines) {
    const entry = byCode.get(line.taxCode) ?? { rate: line.rate, sum: new Decimal(0) };
    entry.sum = entry.sum.plus(basis === 'includingTax' ? line.amounts.incl : line.amounts.excl);
    byCode.set(line.taxCode, entry);
  }
  const taxes: TaxFooterLine[] = [];
  for (const [taxCode, { rate, sum }] of byCode) {
    const amount = (
      basis === 'includingTax' ? sum.mul(rate).div(rate.plus(100)) : sum.mul(rate).div(100)
    ).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
    taxes.push({ taxCode, rate, base: basis === 'includingTax' ? sum.minus(amount) : sum, amount });
  }
  const excl = taxes.reduce((total, t) => total.plus(t.base), new Decimal(0));
  const tax = taxes.reduce((total, t) => total.plus(t.amount), new Decimal(0));
  return { excl, tax, incl: excl.plus(tax), taxes };
}

export function paymentTermDays(paymentTerm: string): number {
  const digits = /(\d+)/.exec(paymentTerm);
  return digits ? Number(digits[1]) : 30;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
