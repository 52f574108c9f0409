import Decimal from 'decimal.js';
import { invalid } from '../core/xero-errors';

// Money is decimal end to end; JSON numbers appear only at the wire.
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export function dec(value: unknown, field: string): Dec {
  if (value === undefined || value === null || value === '') return new D(0);
  try {
    const d = new D(typeof value === 'number' ? String(value) : (value as string));
    if (!d.isFinite()) throw new Error();
    return d;
  } catch {
    throw invalid(`${field} must be a number`);
  }
}

export function round(d: Dec, dp = 2): Dec {
  return d.toDecimalPlaces(dp, D.ROUND_HALF_UP);
}

/** Decimal to a JSON number, fixed to dp places first so no float arithmetic ever happens. */
export function wire(d: Dec, dp = 2): number {
  return Number(round(d, dp).toFixed(dp));
}

export function sum(values: Dec[]): Dec {
  return values.reduce((a, b) => a.plus(b), new D(0));
}
