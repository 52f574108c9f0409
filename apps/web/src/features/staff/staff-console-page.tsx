import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { Page, Section } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { AccessForm } from './access-form';
import { TenantViews } from './tenant-views';
import { useForgetGrant, useSupportAccess, useTenantSearch } from './use-staff';

/**
 * The open tenant (kept in the address, so a reload or a shared link opens it again): its views
 * under the staff member's live grant, or the reason form when there is none. One grant serves
 * its whole time box; the server says whether one is live.
 */
function OpenTenant({ tenantId }: { tenantId: string }) {
  const access = useSupportAccess(tenantId);
  const forget = useForgetGrant();
  const grant = access.data?.grant;
  // When the grant runs out the server refuses it anyway; read the access again then, which asks for a reason.
  useEffect(() => {
    if (!grant) return;
    const timer = setTimeout(() => void forget(tenantId), Math.max(0, Date.parse(grant.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [grant, tenantId, forget]);
  if (access.isPending) return <Loading what="the tenant" />;
  if (access.error || !access.data) return <ErrorAlert error={access.error} title="Could not open this tenant" />;
  const { tenant } = access.data;
  if (!grant) return <AccessForm key={tenant.id} tenant={tenant} />;
  return <TenantViews key={grant.id} tenant={tenant} grant={grant} onExpired={() => void forget(tenant.id)} />;
}

export function StaffConsolePage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('tenant');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState<string | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const search = useTenantSearch(q);
  return (
    <Page
      title="Support console"
      lead="Find a customer, state why you need to look, then read their set-up and sync. You cannot change anything."
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
                    onClick={() => setParams({ tenant: t.id })}
                    aria-pressed={selected === t.id}
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
      {selected && <OpenTenant key={selected} tenantId={selected} />}
    </Page>
  );
}
