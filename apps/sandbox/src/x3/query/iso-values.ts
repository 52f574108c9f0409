// Strict ISO 8601 checks. Date.parse is lenient (it takes "2026-02-30" and "March 7, 2026"),
// while PostgreSQL refuses an impossible date: checking here turns that into an input error.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isIsoDatetime(text: string): boolean {
  const match = DATETIME.exec(text);
  if (!match || !isIsoDate(match[1])) return false;
  const [hour, minute, second, offsetHour, offsetMinute] = [2, 3, 4, 6, 7].map((i) => Number(match[i] ?? 0));
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 15 && offsetMinute <= 59;
}
