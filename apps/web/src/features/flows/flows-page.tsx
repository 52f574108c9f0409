import { Link } from 'react-router';
import type { FlowOverview } from '../../api/types';
import { ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { WithIntegration } from '../integrations/integration-picker';
import { useMember } from '../session/use-session';
import { DeadLettersSection } from './dead-letters-section';
import { HeldSection, WaitingSection } from './held-waiting-sections';
import { useFlowSwitch, useRunNow } from './use-operations';
import { useFlows } from './use-flows';

function FlowsTable({
  integrationId,
  flows,
  canEdit,
}: {
  integrationId: string;
  flows: FlowOverview[];
  canEdit: boolean;
}) {
  const toggle = useFlowSwitch(integrationId);
  const runNow = useRunNow(integrationId);
  const flip = (input: { flowKey: string; on: boolean }) =>
    toggle.mutate(input, { onError: (e) => void reauthOnError('flow-switch', e, input) });
  useReplayAfterReauth<{ flowKey: string; on: boolean }>('flow-switch', flip);
  return (
    <>
      <ErrorAlert error={toggle.error ?? runNow.error} title="Not done" />
      <Table
        caption="Flows"
        rows={flows}
        rowKey={(f) => f.flowKey}
        rowTestId={(f) => `flow-${f.flowKey}`}
        empty="No flows yet: pick starter flows in the set-up."
        columns={[
          {
            header: 'Flow',
            cell: (f) => (
              <Link to={`/integrations/${encodeURIComponent(integrationId)}/flows/${encodeURIComponent(f.flowKey)}`}>
                <strong>{f.flowKey}</strong>
              </Link>
            ),
          },
          { header: 'Direction', cell: (f) => f.direction },
          {
            header: 'State',
            cell: (f) => <StatusBadge status={f.enabled ? 'active' : 'off'} label={f.enabled ? 'live' : 'off'} />,
          },
          { header: 'Moved', cell: (f) => String(f.counts.done) },
          { header: 'Pending', cell: (f) => String(f.counts.pending + f.counts.claimed) },
          { header: 'Waiting', cell: (f) => String(f.counts.waiting) },
          { header: 'Failed', cell: (f) => String(f.counts.dead) },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (f: FlowOverview) => (
                    <div className="button-row">
                      <Button
                        onClick={() => flip({ flowKey: f.flowKey, on: !f.enabled })}
                        aria-label={`${f.enabled ? 'Switch off' : 'Switch on'} ${f.flowKey}`}
                      >
                        {f.enabled ? 'Switch off' : 'Switch on'}
                      </Button>
                      {f.enabled && (
                        <Button
                          variant="link"
                          onClick={() => runNow.mutate(f.flowKey)}
                          aria-label={`Run ${f.flowKey} now`}
                        >
                          Run now
                        </Button>
                      )}
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

/** An integration's flows and what needs a person: dead letters, waiting records, the accountant's list. */
export function FlowsPage() {
  const { canEdit } = useMember();
  return (
    <Page title="Flows" lead="What moves between Sage X3 and Xero, and what needs you.">
      {!canEdit && <ReadOnlyNote />}
      <WithIntegration>{(id) => <IntegrationFlows integrationId={id} canEdit={canEdit} />}</WithIntegration>
    </Page>
  );
}

function IntegrationFlows({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const flows = useFlows(integrationId);
  return (
    <>
      <Section title="Flows" id="flows-heading">
        {flows.isPending && <Loading what="flows" />}
        <ErrorAlert error={flows.error} title="Flows could not be loaded" />
        {flows.data && <FlowsTable integrationId={integrationId} flows={flows.data.flows} canEdit={canEdit} />}
        <p>
          <Link to={`/integrations/${encodeURIComponent(integrationId)}/runs`}>Runs and record trails</Link>
        </p>
      </Section>
      <Section title="Dead letters" id="dead-letters-heading">
        <DeadLettersSection integrationId={integrationId} canEdit={canEdit} />
      </Section>
      <Section title="Waiting" id="waiting-heading">
        <WaitingSection integrationId={integrationId} />
      </Section>
      <Section title="Needs an accountant" id="held-heading">
        <HeldSection integrationId={integrationId} canEdit={canEdit} />
      </Section>
    </>
  );
}
