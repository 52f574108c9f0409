const DAY = 86_400;

/**
 * The end of a billing period that starts at `start` (unix seconds): the same day of the month
 * `count` months (or years) on, clamped to the month's last day, as Stripe anchors subscriptions.
 */
export function addInterval(start: number, interval: string, count = 1): number {
  if (interval === 'day') return start + count * DAY;
  if (interval === 'week') return start + count * 7 * DAY;
  const d = new Date(start * 1000);
  const months = interval === 'year' ? 12 * count : count;
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export const SECONDS_PER_DAY = DAY;
