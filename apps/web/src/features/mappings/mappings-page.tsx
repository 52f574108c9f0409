import { Link, useSearchParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page, Section } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { useIntegrations } from '../integrations/use-integrations';
import { useMappings } from './use-mappings';

/** Every mapping of an integration, each opening the studio. */
export function MappingsPage() {
  const integrations = useIntegrations();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('integration') ?? integrations.data?.[0]?.id;
  const mappings = useMappings(chosen);
  return (
    <Page title="Mappings" lead="How each record is shaped on its way between Sage X3 and Xero.">
      {integrations.isPending && <Loading what="integrations" />}
      <ErrorAlert error={integrations.error} title="Integrations could not be loaded" />
      {integrations.data?.length === 0 && (
        <p className="empty">
          Nothing is paired yet: <Link to="/onboarding">finish the set-up</Link> first.
        </p>
      )}
      {integrations.data && integrations.data.length > 1 && (
        <div className="field">
          <label htmlFor="integration-pick">Integration</label>
          <select id="integration-pick" value={chosen} onChange={(e) => setParams({ integration: e.target.value })}>
            {integrations.data.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && (
        <Section title="Mappings" id="mappings-heading">
          {mappings.isPending && <Loading what="mappings" />}
          <ErrorAlert error={mappings.error} title="Mappings could not be loaded" />
          {mappings.data && (
            <Table
              caption="Mappings"
              rows={mappings.data}
              rowKey={(m) => `${m.entity}:${m.direction}`}
              rowTestId={(m) => `mapping-${m.entity}-${m.direction}`}
              empty="No mappings yet: pick starter flows in the set-up to install them."
              columns={[
                {
                  header: 'Mapping',
                  cell: (m) => (
                    <Link to={`/integrations/${encodeURIComponent(chosen)}/mappings/${m.entity}/${m.direction}`}>
                      {m.entity} ({m.direction === 'x3-to-xero' ? 'X3 → Xero' : 'Xero → X3'})
                    </Link>
                  ),
                },
                { header: 'Active version', cell: (m) => `v${m.activeVersion} of ${m.versionCount}` },
                { header: 'Active since', cell: (m) => formatDateTime(m.activeSince) },
              ]}
            />
          )}
        </Section>
      )}
    </Page>
  );
}
