import { useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardView } from './use-dashboard';
import { bucketRange, recordsPath } from './records-link';

const COLOURS = ['#2563eb', '#0d9488', '#9333ea', '#ca8a04', '#db2777', '#4b5563', '#65a30d', '#ea580c'];

function label(at: string, bucket: string): string {
  const d = new Date(at);
  return bucket === 'day'
    ? d.toISOString().slice(5, 10)
    : `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 13)}:00`;
}

/** What the charts draw: one integration's figures or the tenant's, summed over its integrations. */
type ChartData = Pick<DashboardView, 'series' | 'totals' | 'bucket' | 'range'>;

/**
 * Records synced (done) per entity per bucket, stacked; with an integration, a bar opens that
 * entity's records of the bucket (the tenant-wide chart has no one integration to open).
 */
export function SyncedChart({ data, integrationId }: { data: ChartData; integrationId?: string }) {
  const navigate = useNavigate();
  const entities = data.series.map((s) => s.entity);
  const rows = data.totals.map((t, i) => ({
    at: t.at,
    label: label(t.at, data.bucket),
    ...Object.fromEntries(data.series.map((s) => [s.entity, s.points[i]?.done ?? 0])),
  }));
  if (!entities.length) return <p className="empty">Nothing settled in this period.</p>;
  return (
    <figure className="dashboard-chart" data-chart="synced">
      <figcaption>Records synced per entity (UTC {data.bucket === 'day' ? 'days' : 'hours'})</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={36} />
          <Tooltip />
          <Legend />
          {entities.map((entity, n) => (
            <Bar
              key={entity}
              dataKey={entity}
              stackId="synced"
              fill={COLOURS[n % COLOURS.length]}
              cursor={integrationId ? 'pointer' : undefined}
              onClick={(_: unknown, index: number) =>
                integrationId &&
                navigate(
                  recordsPath(integrationId, { entity, status: 'done', ...bucketRange(rows[index].at, data.bucket) }),
                )
              }
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The outcome chart's stacked bars: the series, its colour, and the records status a click opens. */
const OUTCOME_BARS = [
  ['succeeded', '#16a34a', 'done'],
  ['failed', '#dc2626', 'dead'],
  ['held', '#d97706', 'held'],
] as const;

/** Succeeded against failed (dead letters and held) per bucket; with an integration, a failed bar opens the bucket's dead records. */
export function OutcomeChart({ data, integrationId }: { data: ChartData; integrationId?: string }) {
  const navigate = useNavigate();
  const rows = data.totals.map((t) => ({
    at: t.at,
    label: label(t.at, data.bucket),
    succeeded: t.done,
    failed: t.dead,
    held: t.held,
  }));
  const open = (index: number, status: string) =>
    integrationId && navigate(recordsPath(integrationId, { status, ...bucketRange(rows[index].at, data.bucket) }));
  const cursor = integrationId ? 'pointer' : undefined;
  return (
    <figure className="dashboard-chart" data-chart="outcomes">
      <figcaption>
        Success and failure: {data.range.successRate ?? '—'}% succeeded, {data.range.failureRate ?? '—'}% failed or held
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={36} />
          <Tooltip />
          <Legend />
          {OUTCOME_BARS.map(([key, fill, status]) => (
            <Bar
              key={key}
              dataKey={key}
              stackId="o"
              fill={fill}
              cursor={cursor}
              onClick={(_: unknown, i: number) => open(i, status)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
