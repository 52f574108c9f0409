import { PoolClient } from 'pg';
import Decimal from 'decimal.js';
import { X3BusinessError, text } from './store';

/** X3 keeps rates to the precision of CHGRAT; the sandbox stores eight places. */
const RATE_PLACES = 8;

export interface DocumentRate {
  rateType: string;
  rate: Decimal;
}

/**
 * The document's currency rate (CHGRAT) for its rate type (CHGTYP) at its date: the latest rate of the
 * exchange rate table (TABCHANGE) starting on or before that date, from the document currency to the
 * company's accounting currency, or the inverse of the opposite rate. Same currency: 1.
 */
export async function documentRate(
  client: PoolClient,
  folder: string,
  input: { currency: string; companyCurrency: string; rateType?: unknown; date: string },
): Promise<DocumentRate> {
  const rateType = text(input.rateType) || 'dailyRate';
  if (input.currency === input.companyCurrency) return { rateType, rate: new Decimal(1) };
  const find = async (from: string, to: string) => {
    const { rows } = await client.query<{ rate: string; divisor: string }>(
      `SELECT rate::text AS rate, divisor::text AS divisor FROM x3_exchange_rate
       WHERE folder = $1 AND currency = $2 AND destination_currency = $3 AND rate_type = $4 AND start_date <= $5::date
       ORDER BY start_date DESC LIMIT 1`,
      [folder, from, to, rateType, input.date],
    );
    if (!rows[0]) return null;
    const divisor = new Decimal(rows[0].divisor);
    return new Decimal(rows[0].rate).div(divisor.isZero() ? 1 : divisor);
  };
  const direct = await find(input.currency, input.companyCurrency);
  if (direct) return { rateType, rate: direct.toDecimalPlaces(RATE_PLACES, Decimal.ROUND_HALF_UP) };
  const opposite = await find(input.companyCurrency, input.currency);
  if (opposite && !opposite.isZero())
    return { rateType, rate: new Decimal(1).div(opposite).toDecimalPlaces(RATE_PLACES, Decimal.ROUND_HALF_UP) };
  throw new X3BusinessError(
    `No exchange rate ${input.currency} to ${input.companyCurrency} (${rateType}) on ${input.date}`,
  );
}

/** An amount in the company's accounting currency, rounded to that currency. */
export function toLedger(amount: Decimal.Value, rate: Decimal.Value, decimals: number): Decimal {
  return new Decimal(amount).mul(rate).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}
