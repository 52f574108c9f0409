import { Link } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { OutcomeChart, SyncedChart } from './dashboard-charts';
import { formatLag } from './dashboard-tiles';
import { recordsPath } from './records-link';
import { IntegrationSummaryView, TenantDashboardView, useTenantDashboard } from './use-dashboard';

/** The overview with one integration chosen (its own dashboard). */
export const integrationView = (integrationId: string) => `/?integration=${encodeURIComponent(integrationId)}`;

function TenantTiles({ data }: { data: TenantDashboardView }) {
  const sum = (f: (x: IntegrationSummaryView) => number) => data.integrations.reduce((a, x) => a + f(x), 0);
  const worstLag = Math.max(-1, ...data.integrations.map((i) => i.lagSeconds ?? -1));
  const tiles: Array<[string, string, string | number]> = [
    ['Synced in the period', 'synced', data.range.done],
    ['Failed in the period', 'failed', data.range.dead],
    ['Held for an accountant', 'held', sum((i) => i.held)],
    ['Open dead letters', 'dead-letters', sum((i) => i.dead)],
    ['Records waiting', 'waiting', sum((i) => i.waiting)],
    ['Queue (open changes)', 'queue', sum((i) => i.open)],
    ['Longest lag', 'lag', formatLag(worstLag < 0 ? null : worstLag)],
  ];
  return (
    <dl className="dashboard-tiles">
      {tiles.map(([label, figure, value]) => (
        <div className="dashboard-tile" key={figure}>
          <dt>{label}</dt>
          <dd data-figure={figure}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One row per integration: which one needs attention, each opening its own dashboard. */
export function IntegrationSummaryTable({ rows }: { rows: IntegrationSummaryView[] }) {
  const counted = (n: number, to: string) => (n ? <Link to={to}>{n}</Link> : 0);
  return (
    <Table<IntegrationSummaryView>
      caption="Integrations at a glance"
      rows={rows}
      rowKey={(i) => i.integrationId}
      rowTestId={(i) => `integration-summary-${i.integrationId}`}
      empty="No integrations yet."
      columns={[
        { header: 'Integration', cell: (i) => <Link to={integrationView(i.integrationId)}>{i.name}</Link> },
        { header: 'Status', cell: (i) => <StatusBadge status={i.status} /> },
        { header: 'Worst lag', cell: (i) => formatLag(i.lagSeconds) },
        { header: 'Open', cell: (i) => i.open },
        {
          header: 'Waiting',
          cell: (i) => counted(i.waiting, recordsPath(i.integrationId, { status: 'waiting' })),
        },
        {
          header: 'Dead letters',
          cell: (i) => counted(i.dead, recordsPath(i.integrationId, { status: 'dead' })),
        },
        { header: 'Held', cell: (i) => counted(i.held, recordsPath(i.integrationId, { status: 'held' })) },
        { header: 'Last settled', cell: (i) => formatDateTime(i.lastSettledAt) },
      ]}
    />
  );
}

/** All the tenant's integrations together: the summed charts and the per-integration table. */
export function TenantDashboard({ hours }: { hours: number }) {
  const dashboard = useTenantDashboard(hours);
  const data = dashboard.data;
  return (
    <div className="dashboard" data-integration="all">
      {dashboard.isPending && <Loading what="the dashboard" />}
      {dashboard.error && <ErrorAlert error={dashboard.error} title="The dashboard could not be loaded" />}
      {data && (
        <>
          <p className="section-description" aria-live="polite">
            All integrations, updated {formatDateTime(data.generatedAt)}; refreshes every 10 seconds.
          </p>
          <TenantTiles data={data} />
          <div className="dashboard-charts">
            <SyncedChart data={data} />
            <OutcomeChart data={data} />
          </div>
          <h3>Integrations</h3>
          <IntegrationSummaryTable rows={data.integrations} />
        </>
      )}
    </div>
  );
}
