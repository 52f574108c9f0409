// How many decimals a currency's amounts carry: the X3 currency table's CURDEC when the context
// gives it, else ISO 4217 minor units (X3 seeds its currency table from ISO 4217).
import type { AdapterContext } from '../adapter-contract';

const ISO_4217_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function x3CurrencyDecimals(currency: string, ctx: AdapterContext): number {
  return ctx.currencyDecimals?.[currency] ?? ISO_4217_EXCEPTIONS[currency] ?? 2;
}
