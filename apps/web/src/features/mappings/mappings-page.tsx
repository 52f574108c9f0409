import { Link } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page, Section } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { WithIntegration } from '../integrations/integration-picker';
import { useMappings } from './use-mappings';

/** Every mapping of an integration, each opening the studio. */
export function MappingsPage() {
  return (
    <Page title="Mappings" lead="How each record is shaped on its way between Sage X3 and Xero.">
      <WithIntegration>{(id) => <IntegrationMappings integrationId={id} />}</WithIntegration>
    </Page>
  );
}

function IntegrationMappings({ integrationId }: { integrationId: string }) {
  const mappings = useMappings(integrationId);
  return (
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
                <Link to={`/integrations/${encodeURIComponent(integrationId)}/mappings/${m.entity}/${m.direction}`}>
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
  );
}
