import { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { useIntegrations } from './use-integrations';

/**
 * The integration a page works on: `?integration=` or the first one; a picker when there are
 * several, a pointer to the set-up when there is none. Renders `children(id)` once one is chosen.
 */
export function WithIntegration({ children }: { children: (integrationId: string) => ReactNode }) {
  const integrations = useIntegrations();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('integration') ?? integrations.data?.[0]?.id;
  if (integrations.isPending) return <Loading what="integrations" />;
  if (integrations.error) return <ErrorAlert error={integrations.error} title="Integrations could not be loaded" />;
  if (!integrations.data.length || !chosen) {
    return (
      <p className="empty">
        Nothing is paired yet: <Link to="/onboarding">finish the set-up</Link> first.
      </p>
    );
  }
  return (
    <>
      {integrations.data.length > 1 && (
        <div className="field">
          <label htmlFor="integration-pick">Integration</label>
          <select
            id="integration-pick"
            data-view-control
            value={chosen}
            onChange={(e) => setParams({ integration: e.target.value })}
          >
            {integrations.data.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {children(chosen)}
    </>
  );
}
