// How many decimals a currency's amounts carry: the X3 currency table's CURDEC when the context
// gives it, else ISO 4217 minor units (X3 seeds its currency table from ISO 4217) — one table,
// kept in money/currencies.ts.
import { minorUnits } from '../../money/currencies';
import type { AdapterContext } from '../adapter-contract';

export function x3CurrencyDecimals(currency: string, ctx: AdapterContext): number {
  return minorUnits(currency, ctx.currencyDecimals);
}
