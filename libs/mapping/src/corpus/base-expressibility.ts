// Whether a Xero CurrencyRate (6 decimals, document units per base unit) can reproduce X3's ledger
// amount of a document to the cent, worked out from the interval of rates that round to it — not
// from the mapping code under test, so a test can compare the mapping's list with this one.
import { X3Dec } from './x3-arithmetic';

const Dec = X3Dec;
type Dec = X3Dec;

const STEP = new Dec('0.000001');

export interface BaseExpressibility {
  expressible: boolean;
  /** The smallest |Xero base − X3 ledger amount| any 6-dp rate reaches (0 when expressible). */
  bestDifference: string;
}

const baseAt = (total: Dec, rate: Dec, dp: number): Dec => total.div(rate).toDecimalPlaces(dp, Dec.ROUND_HALF_UP);

/**
 * total: the document total in its currency (> 0); ledger: X3's amount in the base currency.
 * A rate r gives round(total / r) = ledger exactly when total / r lies in [ledger − h, ledger + h)
 * (h half a unit of the base currency, half-up), i.e. r in (total / (ledger + h), total / (ledger − h)].
 */
export function baseExpressibility(total: string, ledger: string, baseDecimals: number): BaseExpressibility {
  const t = new Dec(total).abs();
  const l = new Dec(ledger).abs();
  if (t.isZero()) return { expressible: l.isZero(), bestDifference: l.toFixed(baseDecimals) };
  const h = new Dec(10).pow(-baseDecimals).div(2);
  const low = t.div(l.plus(h)); // exclusive
  const high = l.minus(h).lte(0) ? null : t.div(l.minus(h)); // inclusive; none: any large rate works
  let first = low.toDecimalPlaces(6, Dec.ROUND_FLOOR).plus(STEP); // smallest 6-dp rate above low
  if (first.lte(0)) first = STEP;
  if (high === null || first.lte(high)) return { expressible: true, bestDifference: new Dec(0).toFixed(baseDecimals) };
  // No 6-dp rate inside: the nearest ones on either side give the least difference.
  const below = first.minus(STEP);
  const candidates = [below, first].filter((r) => r.gt(0));
  const best = candidates.map((r) => baseAt(t, r, baseDecimals).minus(l).abs()).reduce((a, b) => (a.lt(b) ? a : b));
  return { expressible: false, bestDifference: best.toFixed(baseDecimals) };
}
