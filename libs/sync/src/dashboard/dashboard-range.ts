import { OperationRefusedError } from '../operations/operation-errors';

/** A dashboard or records query the api refuses as asked (400, with this message). */
export class DashboardQueryError extends OperationRefusedError {}

export type DashboardBucket = 'hour' | 'day';

export const DASHBOARD_BUCKETS: readonly DashboardBucket[] = ['hour', 'day'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The longest range per bucket: 7 days of hours (168 points), 92 days of days. */
export const MAX_RANGE_MS: Record<DashboardBucket, number> = { hour: 7 * DAY_MS, day: 92 * DAY_MS };
const BUCKET_MS: Record<DashboardBucket, number> = { hour: HOUR_MS, day: DAY_MS };

/** A bounded time range [from, to) cut into UTC buckets. */
export interface DashboardRange {
  from: Date;
  to: Date;
  bucket: DashboardBucket;
}

export interface RangeInput {
  from?: string;
  to?: string;
  bucket?: string;
}

function instant(name: string, text: string): Date {
  // ISO-8601 with a time and an offset (Z or ±hh:mm), or a bare date (midnight UTC)
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (!iso.test(text) || Number.isNaN(at.getTime())) {
    throw new DashboardQueryError(`${name} must be an ISO-8601 time with an offset (2026-12-01T00:00:00Z) or a date`);
  }
  if (text.length === 10 && at.toISOString().slice(0, 10) !== text) {
    throw new DashboardQueryError(`${name} must be a real calendar date`);
  }
  return at;
}

/**
 * The range a dashboard asks for: `to` defaults to now, `from` to `defaultSpanMs` (24 h) before `to`, the bucket to
 * hours when the range is at most 7 days, else days. Refused: unreadable times, from ≥ to, a `to`
 * more than a day ahead, a range longer than the bucket allows (MAX_RANGE_MS).
 */
export function dashboardRange(input: RangeInput, now = new Date(), defaultSpanMs = DAY_MS): DashboardRange {
  const to = input.to ? instant('to', input.to) : now;
  const from = input.from ? instant('from', input.from) : new Date(to.getTime() - defaultSpanMs);
  if (from.getTime() >= to.getTime()) throw new DashboardQueryError('from must be before to');
  if (to.getTime() > now.getTime() + DAY_MS) throw new DashboardQueryError('to must not be more than a day ahead');
  const span = to.getTime() - from.getTime();
  if (input.bucket !== undefined && !DASHBOARD_BUCKETS.includes(input.bucket as DashboardBucket)) {
    throw new DashboardQueryError(`bucket must be one of ${DASHBOARD_BUCKETS.join(', ')}`);
  }
  const bucket = (input.bucket as DashboardBucket | undefined) ?? (span <= MAX_RANGE_MS.hour ? 'hour' : 'day');
  if (span > MAX_RANGE_MS[bucket]) {
    throw new DashboardQueryError(
      `the range may span at most ${MAX_RANGE_MS[bucket] / DAY_MS} days with bucket=${bucket}` +
        (bucket === 'hour' ? ' (use bucket=day for longer)' : ''),
    );
  }
  return { from, to, bucket };
}

/** The UTC starts of every bucket that overlaps [from, to), oldest first. */
export function bucketStarts(range: DashboardRange): Date[] {
  const size = BUCKET_MS[range.bucket];
  const starts: Date[] = [];
  for (let t = Math.floor(range.from.getTime() / size) * size; t < range.to.getTime(); t += size) {
    starts.push(new Date(t));
  }
  return starts;
}
