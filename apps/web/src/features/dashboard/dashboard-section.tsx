import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Section } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { useIntegrations } from '../integrations/use-integrations';
import { OutcomeChart, SyncedChart } from './dashboard-charts';
import { ALL_INTEGRATIONS, dashboardChoice } from './dashboard-choice';
import { FlowTiles, SummaryTiles, XeroBudgetTile } from './dashboard-tiles';
import { TenantDashboard } from './tenant-dashboard';
import { useDashboard } from './use-dashboard';

const PERIODS = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
];

function Dashboard({ integrationId, hours }: { integrationId: string; hours: number }) {
  const dashboard = useDashboard(integrationId, hours);
  const data = dashboard.data;
  return (
    <div className="dashboard" data-integration={integrationId}>
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

/**
 * The overview's dashboard: all integrations together (the default when there are several, with a
 * row per integration) or one integration's, chosen in the picker (`?integration=`).
 */
export function DashboardSection() {
  const integrations = useIntegrations();
  const [params, setParams] = useSearchParams();
  const [hours, setHours] = useState(24);
  const rows = integrations.data ?? [];
  const chosen = dashboardChoice(
    rows.map((i) => i.id),
    params.get('integration'),
  );
  return (
    <Section
      title="Dashboard"
      id="overview-dashboard"
      description="What moved, what failed and what waits. Lag is the age of the oldest change not yet carried over."
    >
      {integrations.isPending && <Loading what="integrations" />}
      {integrations.error && <ErrorAlert error={integrations.error} title="Integrations could not be loaded" />}
      {integrations.data && !chosen && (
        <p className="empty">
          Nothing is paired yet: <Link to="/onboarding">finish the set-up</Link> first.
        </p>
      )}
      {chosen && (
        <>
          <div className="field">
            <label htmlFor="integration-pick">Integration</label>
            <select
              id="integration-pick"
              data-view-control
              value={chosen}
              onChange={(e) => setParams({ integration: e.target.value })}
            >
              <option value={ALL_INTEGRATIONS}>All integrations</option>
              {rows.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="dashboard-period">Period</label>
            <select
              id="dashboard-period"
              data-view-control
              value={hours}
              onChange={(e) => setHours(Number(e.target.value))}
            >
              {PERIODS.map((p) => (
                <option key={p.hours} value={p.hours}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          {chosen === ALL_INTEGRATIONS ? (
            <TenantDashboard hours={hours} />
          ) : (
            <Dashboard key={chosen} integrationId={chosen} hours={hours} />
          )}
        </>
      )}
    </Section>
  );
}
