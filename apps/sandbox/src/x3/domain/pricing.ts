import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { Row, getRow } from './store';

/** Default tax code per customer/supplier tax rule (VACBPR) when a line names none. */
const TAX_RULE_DEFAULT: Record<string, string> = { FRA: 'FRN', NT: 'USS', EXP: 'EXO', POR: 'PTN' };

export function defaultTaxCode(taxRule: string): string {
  return TAX_RULE_DEFAULT[taxRule] ?? 'EXO';
}

export async function currencyDecimals(client: PoolClient, folder: string, currency: string): Promise<number> {
  const row = await getRow(client, 'currency', folder, currency);
  return row ? Number(row.decimals) : 2;
}

export async function taxRate(client: PoolClient, folder: string, taxCode: string): Promise<Decimal> {
  const row = await getRow(client, 'taxCode', folder, taxCode);
  return new Decimal(row?.rate ?? 0);
}

/** Line amounts as X3 computes them: net price x quantity, rounded to the currency, then tax. */
export function lineAmounts(netPrice: Decimal, quantity: Decimal, rate: Decimal, decimals: number) {
  const excl = netPrice.mul(quantity).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const tax = excl.mul(rate).div(100).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return { excl, tax, incl: excl.plus(tax) };
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

export type { Row };
