import { KeyboardEvent, useRef, useState } from 'react';
import { Alert } from '../../components/ui/alert';
import { formatDateTime } from '../../lib/format';
import { IntegrationPart, PerIntegration } from './integration-views';
import { AuditView, ConnectionsView, IntegrationsView, MembersView, ViewProps } from './tenant-data-views';
import { SupportGrant, SupportTenant } from './use-staff';

type Tab = 'integrations' | IntegrationPart | 'connections' | 'members' | 'audit';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'integrations', label: 'Integrations' },
  { id: 'runs', label: 'Runs' },
  { id: 'activity', label: 'Sync activity' },
  { id: 'dead-letters', label: 'Dead letters' },
  { id: 'waiting-held', label: 'Waiting and held' },
  { id: 'connections', label: 'Connections' },
  { id: 'members', label: 'Members' },
  { id: 'audit', label: 'Audit log' },
];

function Panel({ tab, ...props }: ViewProps & { tab: Tab }) {
  if (tab === 'integrations') return <IntegrationsView {...props} />;
  if (tab === 'connections') return <ConnectionsView {...props} />;
  if (tab === 'members') return <MembersView {...props} />;
  if (tab === 'audit') return <AuditView {...props} />;
  return <PerIntegration part={tab} {...props} />;
}

/** ARIA tabs over the tenant's read-only views: arrow keys move between tabs, only the selected one is in the tab order. */
export function TenantViews({
  tenant,
  grant,
  onExpired,
}: {
  tenant: SupportTenant;
  grant: SupportGrant;
  onExpired: () => void;
}) {
  const [tab, setTab] = useState<Tab>('integrations');
  const refs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next].id);
    refs.current[TABS[next].id]?.focus();
  };
  return (
    <section className="card" aria-labelledby="tenant-views-heading">
      <h2 id="tenant-views-heading">{tenant.name} (read-only)</h2>
      <Alert tone="info">
        Access until {formatDateTime(grant.expiresAt)} for: “{grant.reason}”. Reloading or coming back within that time
        uses the same access; the first look at each view is written to the customer’s audit log.
      </Alert>
      <div role="tablist" aria-label={`${tenant.name} views`} className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} tabIndex={0} className="tabpanel">
        <Panel tab={tab} tenantId={tenant.id} grantId={grant.id} onExpired={onExpired} />
      </div>
    </section>
  );
}
