import { FormEvent, KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Alert, ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextArea, TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { ApiError } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { AuditTable } from '../audit/audit-table';
import { SupportGrant, SupportTenant, useRequestGrant, useSupportView, useTenantSearch } from './use-staff';

const DURATIONS = [15, 30, 60, 120, 240];

function AccessForm({ tenant, onGranted }: { tenant: SupportTenant; onGranted: (g: SupportGrant) => void }) {
  const request = useRequestGrant();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [error, setError] = useState<string>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < 10)
      return setError('Say why you need access (at least 10 characters), e.g. the ticket number and the problem');
    setError(undefined);
    request.mutate({ tenantId: tenant.id, reason: trimmed, minutes: Number(minutes) }, { onSuccess: onGranted });
  };
  return (
    <Section
      title={`Request read-only access to ${tenant.name}`}
      id="access-heading"
      description="Your reason and the time are written to this customer's audit log, which they can read."
    >
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Request access">
        <TextArea
          label="Reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
          required
          hint="At least 10 characters; 500 at most. Name the ticket."
          maxLength={500}
        />
        <SelectField
          label="Duration"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          options={DURATIONS.map((m) => ({
            value: String(m),
            label: m < 60 ? `${m} minutes` : `${m / 60} hour${m > 60 ? 's' : ''}`,
          }))}
        />
        <ErrorAlert error={request.error} title="Access was not granted" />
        <div className="actions">
          <Button type="submit" variant="primary" busy={request.isPending}>
            Open read-only access
          </Button>
        </div>
      </form>
    </Section>
  );
}

type Tab = 'connections' | 'members' | 'audit';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'connections', label: 'Connections' },
  { id: 'members', label: 'Members' },
  { id: 'audit', label: 'Audit log' },
];

function ExpiredOr({ error, onExpired }: { error: unknown; onExpired: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert tone="warning" title="Your access has ended">
        {error.message}{' '}
        <Button variant="link" onClick={onExpired}>
          State a reason again
        </Button>
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="Could not load this view" />;
}

function ConnectionsView({
  tenantId,
  grantId,
  onExpired,
}: {
  tenantId: string;
  grantId: string;
  onExpired: () => void;
}) {
  const q = useSupportView(tenantId, grantId, 'connections');
  if (q.isPending) return <Loading what="connections" />;
  if (q.error) return <ExpiredOr error={q.error} onExpired={onExpired} />;
  return (
    <Table
      caption="Connections"
      rows={q.data}
      rowKey={(c) => c.id}
      empty="This tenant has no connections."
      columns={[
        { header: 'System', cell: (c) => (c.system === 'xero' ? 'Xero' : c.system) },
        { header: 'Name', cell: (c) => c.name },
        { header: 'External id', cell: (c) => <span className="break">{c.externalId}</span> },
        {
          header: 'Status',
          cell: (c) => (
            <>
              <StatusBadge status={c.status} />
              {c.statusReason && <span className="muted small block">{c.statusReason}</span>}
            </>
          ),
        },
        { header: 'Since', cell: (c) => formatDateTime(c.statusChangedAt) },
      ]}
    />
  );
}

function MembersView({ tenantId, grantId, onExpired }: { tenantId: string; grantId: string; onExpired: () => void }) {
  const q = useSupportView(tenantId, grantId, 'members');
  if (q.isPending) return <Loading what="members" />;
  if (q.error) return <ExpiredOr error={q.error} onExpired={onExpired} />;
  return (
    <Table
      caption="Members"
      rows={q.data}
      rowKey={(m) => m.membershipId}
      empty="No members."
      columns={[
        { header: 'Name', cell: (m) => m.displayName || '—' },
        { header: 'Role', cell: (m) => m.role },
        { header: 'Joined', cell: (m) => formatDateTime(m.joinedAt) },
      ]}
    />
  );
}

function AuditView({ tenantId, grantId, onExpired }: { tenantId: string; grantId: string; onExpired: () => void }) {
  const q = useSupportView(tenantId, grantId, 'audit');
  if (q.isPending) return <Loading what="the audit log" />;
  if (q.error) return <ExpiredOr error={q.error} onExpired={onExpired} />;
  return <AuditTable entries={q.data} />;
}

/** ARIA tabs: arrow keys move between tabs, only the selected one is in the tab order. */
function TenantViews({
  tenant,
  grant,
  onExpired,
}: {
  tenant: SupportTenant;
  grant: SupportGrant;
  onExpired: () => void;
}) {
  const [tab, setTab] = useState<Tab>('connections');
  const refs = useRef<Record<Tab, HTMLButtonElement | null>>({ connections: null, members: null, audit: null });
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
        Access until {formatDateTime(grant.expiresAt)} for: “{grant.reason}”. Every view is written to the customer’s
        audit log.
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
        {tab === 'connections' && <ConnectionsView tenantId={tenant.id} grantId={grant.id} onExpired={onExpired} />}
        {tab === 'members' && <MembersView tenantId={tenant.id} grantId={grant.id} onExpired={onExpired} />}
        {tab === 'audit' && <AuditView tenantId={tenant.id} grantId={grant.id} onExpired={onExpired} />}
      </div>
    </section>
  );
}

export function StaffConsolePage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState<string | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const search = useTenantSearch(q);
  const [selected, setSelected] = useState<SupportTenant | null>(null);
  const [grants, setGrants] = useState<Record<string, SupportGrant>>({});
  const grant = selected ? grants[selected.id] : undefined;
  const forget = (tenantId: string) => setGrants(({ [tenantId]: _, ...rest }) => rest);
  // A grant is dropped when it expires (the server refuses it from then on anyway).
  useEffect(() => {
    const timers = Object.values(grants).map((g) =>
      setTimeout(
        () => setGrants(({ [g.tenantId]: _, ...rest }) => rest),
        Math.max(0, Date.parse(g.expiresAt) - Date.now()),
      ),
    );
    return () => timers.forEach(clearTimeout);
  }, [grants]);
  return (
    <Page
      title="Support console"
      lead="Find a customer, state why you need to look, then read their set-up. You cannot change anything."
    >
      <Section title="Find a tenant" id="search-heading">
        <form
          className="form search-form"
          role="search"
          aria-label="Tenants"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim().length < 2) return setSearchError('Type at least 2 characters of the name or id');
            setSearchError(undefined);
            setQ(draft.trim());
            setSelected(null);
          }}
        >
          <TextField
            label="Tenant name or id"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            error={searchError}
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={search.isFetching}>
              Search
            </Button>
          </div>
        </form>
        <ErrorAlert error={search.error} title="The search failed" />
        {search.data && (
          <>
            <p className="muted" role="status">
              {search.data.length === 0 ? 'No tenant matches.' : `${search.data.length} found.`}
            </p>
            <ul className="result-list">
              {search.data.map((t) => (
                <li key={t.id}>
                  <div>
                    <strong>{t.name}</strong>
                    <span className="muted small block break">
                      {t.id} · created {formatDateTime(t.createdAt)}
                    </span>
                  </div>
                  <Button
                    onClick={() => setSelected(t)}
                    aria-pressed={selected?.id === t.id}
                    aria-label={`Open ${t.name}`}
                  >
                    Open
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
      {selected && !grant && (
        <AccessForm
          key={selected.id}
          tenant={selected}
          onGranted={(g) => setGrants((all) => ({ ...all, [g.tenantId]: g }))}
        />
      )}
      {selected && grant && (
        <TenantViews key={grant.id} tenant={selected} grant={grant} onExpired={() => forget(selected.id)} />
      )}
    </Page>
  );
}
