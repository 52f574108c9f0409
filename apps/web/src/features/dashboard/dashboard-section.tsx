import { useState } from 'react';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Section } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { WithIntegration } from '../integrations/integration-picker';
import { OutcomeChart, SyncedChart } from './dashboard-charts';
import { FlowTiles, SummaryTiles, XeroBudgetTile } from './dashboard-tiles';
import { useDashboard } from './use-dashboard';

const PERIODS = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
];

function Dashboard({ integrationId }: { integrationId: string }) {
  const [hours, setHours] = useState(24);
  const dashboard = useDashboard(integrationId, hours);
  const data = dashboard.data;
  return (
    <div className="dashboard" data-integration={integrationId}>
      <div className="field">
        <label htmlFor="dashboard-period">Period</label>
        <select id="dashboard-period" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
          {PERIODS.map((p) => (
            <option key={p.hours} value={p.hours}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {dashboard.isPending && <Loading what="the dashboard" />}
      {dashboard.error && <ErrorAlert error={dashboard.error} title="The dashboard could not be loaded" />}
      {data && (
        <>
          <p className="section-description" aria-live="polite">
            Updated {formatDateTime(data.generatedAt)}; refreshes every 10 seconds.
          </p>
          <SummaryTiles data={data} integrationId={integrationId} />
          <div className="dashboard-charts">
            <SyncedChart data={data} integrationId={integrationId} />
            <OutcomeChart data={data} integrationId={integrationId} />
          </div>
          <h3>Flows</h3>
          <FlowTiles data={data} integrationId={integrationId} />
          <h3>Xero budget</h3>
          <XeroBudgetTile budget={data.xeroBudget} />
        </>
      )}
    </div>
  );
}

/** The overview's dashboard: one integration at a time (the picker when there are several). */
export function DashboardSection() {
  return (
    <Section
      title="Dashboard"
      id="overview-dashboard"
      description="What moved, what failed and what waits. Lag is the age of the oldest change not yet carried over."
    >
      <WithIntegration>
        {(integrationId) => <Dashboard key={integrationId} integrationId={integrationId} />}
      </WithIntegration>
    </Section>
  );
}
