// Xero's JSON dates: `/Date(1573755038314+0000)/` for timestamps, YYYY-MM-DD accepted on input.
export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

export function isoNoZone(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '');
}

/** Parses what clients send for a date field; returns epoch ms at UTC midnight or undefined. */
export function parseDateInput(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return NaN;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms) return Number(ms[1]);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+Z?)?$/.exec(value);
  if (iso) return Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  return NaN;
}

/** Date-only fields go out as /Date(ms+0000)/ plus a `...String` twin, as Xero sends them. */
export function dayOf(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** Accepts the RFC 1123 or ISO forms clients send in If-Modified-Since. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.endsWith('Z') || /GMT|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
