import type { RecordFilters } from './use-dashboard';

/** The records list of an integration with its filters in the query string (the dashboard's drill-down). */
export function recordsPath(integrationId: string, filters: RecordFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters) as Array<[string, string | undefined]>) if (v) q.set(k, v);
  const query = q.toString();
  return `/integrations/${encodeURIComponent(integrationId)}/records${query ? `?${query}` : ''}`;
}

/** A record's trail: by its record key (SOHNUM, InvoiceNumber …), else its source key. */
export function trailPath(integrationId: string, record: { recordKey: string | null; sourceKey: string }): string {
  return `/integrations/${encodeURIComponent(integrationId)}/trail/${encodeURIComponent(record.recordKey ?? record.sourceKey)}`;
}

/** The bucket that starts at `at`, as a records time range. */
export function bucketRange(at: string, bucket: string): { from: string; to: string } {
  const size = bucket === 'day' ? 86_400_000 : 3_600_000;
  const start = Date.parse(at);
  return { from: new Date(start).toISOString(), to: new Date(start + size).toISOString() };
}
