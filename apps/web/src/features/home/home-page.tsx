import { Link, Navigate } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { ApiError } from '../../lib/api-client';
import { useConnections } from '../connections/use-connections';
import { LostXeroConnections } from '../connections/xero-connections';
import { IntegrationsTable } from '../integrations/integrations-page';
import { useIntegrations } from '../integrations/use-integrations';
import { useMember } from '../session/use-session';
import { XeroUsageCard } from '../xero-usage/xero-usage-card';
import { DashboardSection } from '../dashboard/dashboard-section';

export function HomePage() {
  const { tenant, canEdit } = useMember();
  const connections = useConnections();
  const integrations = useIntegrations();
  const nothingYet =
    connections.data &&
    connections.data.xero.length === 0 &&
    connections.data.x3.length === 0 &&
    integrations.data?.length === 0;
  // A new organisation starts in the set-up wizard.
  if (nothingYet && canEdit) return <Navigate to="/onboarding" replace />;
  const notThereYet = (e: unknown) => e instanceof ApiError && e.status === 404;
  return (
    <Page title={tenant.name} lead="What moved, what failed and what waits, and your Xero and Sage X3 connections.">
      {(connections.isPending || integrations.isPending) && <Loading what="your connections" />}
      {connections.error && !notThereYet(connections.error) && (
        <ErrorAlert error={connections.error} title="Connections could not be loaded" />
      )}
      {connections.data && <LostXeroConnections connections={connections.data.xero} returnTo="/" />}
      {integrations.data && integrations.data.length > 0 && <DashboardSection />}
      {connections.data && connections.data.xero.length > 0 && <XeroUsageCard />}
      {connections.data && (
        <Section title="Connections" id="overview-connections">
          <ul className="compact-list">
            {connections.data.xero.map((c) => (
              <li key={c.id}>
                Xero: {c.name} <StatusBadge status={c.status} />
              </li>
            ))}
            {connections.data.x3.map((c) => (
              <li key={c.id}>
                Sage X3: {c.name} ({c.folder}) <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
          <p>
            <Link to="/settings/connections">Manage connections</Link> · <Link to="/onboarding">Set-up steps</Link>
          </p>
        </Section>
      )}
      {integrations.data && (
        <Section title="Integrations" id="overview-integrations">
          <IntegrationsTable rows={integrations.data} />
        </Section>
      )}
    </Page>
  );
}
