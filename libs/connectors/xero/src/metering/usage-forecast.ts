// The month ahead from the days behind: decimal.js throughout, so bytes beyond 2^53 and AUD
// amounts never pass through a float.
import Decimal from 'decimal.js';
import { PlanAllowance, TierAllowance } from './allowances';
import { DayTotals } from './usage-types';

export const FORECAST_BASIS_DAYS = 7;
export const FORECAST_MONTH_DAYS = 30;
const BYTES_PER_GB = new Decimal(1e9);
const BYTES_PER_MB = new Decimal(1e6);

export interface OrgForecast {
  /** Complete UTC days the averages are taken over (today, still running, is left out). */
  basisDays: number;
  callsPerDay: string;
  bytesPerDay: string;
  bytesPerMonth: string;
  plan: string;
  planCallsPerDay: number;
  planBytesPerMonth: string;
  /** Forecast as a percentage of the plan's fair use (one decimal). */
  callsOfPlanPercent: string;
  bytesOfPlanPercent: string;
  overPlan: boolean;
}

export interface AppForecast {
  tier: string;
  basisDays: number;
  bytesPerMonth: string;
  includedBytesPerMonth: string | null;
  bytesOfTierPercent: string | null;
  overageGb: string;
  /** AUD, two decimals. */
  overageCostAud: string;
}

const bytesOf = (d: DayTotals) => new Decimal(d.bytesIn).plus(d.bytesOut);

/** Averages over the last FORECAST_BASIS_DAYS complete days of `history` (oldest first, today last). */
function dailyAverages(history: Array<{ calls: Decimal.Value; bytes: Decimal.Value }>) {
  const complete = history.slice(0, -1).slice(-FORECAST_BASIS_DAYS);
  const n = Math.max(1, complete.length);
  const calls = complete.reduce((acc, d) => acc.plus(d.calls), new Decimal(0)).div(n);
  const bytes = complete.reduce((acc, d) => acc.plus(d.bytes), new Decimal(0)).div(n);
  return { basisDays: complete.length, calls, bytes };
}

const percent = (part: Decimal, whole: Decimal) =>
  whole.isZero() ? '0.0' : part.times(100).div(whole).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);

export function forecastOrg(history: DayTotals[], plan: PlanAllowance): OrgForecast {
  const avg = dailyAverages(history.map((d) => ({ calls: d.calls, bytes: bytesOf(d) })));
  const month = avg.bytes.times(FORECAST_MONTH_DAYS).toDecimalPlaces(0, Decimal.ROUND_CEIL);
  const planBytes = BYTES_PER_MB.times(plan.mbPerMonth);
  return {
    basisDays: avg.basisDays,
    callsPerDay: avg.calls.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1),
    bytesPerDay: avg.bytes.toDecimalPlaces(0, Decimal.ROUND_CEIL).toFixed(0),
    bytesPerMonth: month.toFixed(0),
    plan: plan.plan,
    planCallsPerDay: plan.callsPerDay,
    planBytesPerMonth: planBytes.toFixed(0),
    callsOfPlanPercent: percent(avg.calls, new Decimal(plan.callsPerDay)),
    bytesOfPlanPercent: percent(month, planBytes),
    overPlan: avg.calls.gt(plan.callsPerDay) || month.gt(planBytes),
  };
}

/** The app's egress forecast against its Xero tier, from app-wide day totals (oldest first, today last). */
export function forecastApp(days: Array<{ bytes: number }>, tier: TierAllowance): AppForecast {
  const avg = dailyAverages(days.map((d) => ({ calls: 0, bytes: d.bytes })));
  const month = avg.bytes.times(FORECAST_MONTH_DAYS).toDecimalPlaces(0, Decimal.ROUND_CEIL);
  const included = tier.egressGbPerMonth === null ? null : BYTES_PER_GB.times(tier.egressGbPerMonth);
  const overBytes = included === null ? new Decimal(0) : Decimal.max(0, month.minus(included));
  const overGb = overBytes.div(BYTES_PER_GB);
  return {
    tier: tier.tier,
    basisDays: avg.basisDays,
    bytesPerMonth: month.toFixed(0),
    includedBytesPerMonth: included === null ? null : included.toFixed(0),
    bytesOfTierPercent: included === null ? null : percent(month, included),
    overageGb: overGb.toDecimalPlaces(3, Decimal.ROUND_CEIL).toFixed(3),
    overageCostAud: overGb.times(tier.overageAudPerGb).toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed(2),
  };
}
