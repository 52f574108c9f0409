import { useState } from 'react';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { useConnections } from '../connections/use-connections';
import { useMember } from '../session/use-session';
import { PairForm } from './pair-form';
import { IntegrationView, useDeleteIntegration, useIntegrations } from './use-integrations';

/** Why a pair is paused, in words: billing and fair use lead to the Billing page, the others are fixed here. */
const PAUSED_BECAUSE: Record<string, string> = {
  user: 'by hand',
  reauthorisation: 'Xero needs re-authorising',
  billing: 'for billing',
  fair_use: 'fair use reached',
};

function statusLabel(i: Pick<IntegrationView, 'status' | 'pauseReasons'>): string | undefined {
  if (i.status !== 'paused' || i.pauseReasons.length === 0) return undefined;
  return `paused ${i.pauseReasons.map((r) => PAUSED_BECAUSE[r] ?? r.replace(/_/g, ' ')).join(', ')}`;
}

export function IntegrationsTable({ rows }: { rows: IntegrationView[] }) {
  const { canEdit } = useMember();
  const remove = useDeleteIntegration();
  const [removing, setRemoving] = useState<IntegrationView | null>(null);
  const [status, setStatus] = useState<string>();
  return (
    <>
      <Table
        caption="Integrations"
        rows={rows}
        rowKey={(i) => i.id}
        rowTestId={(i) => `integration-${i.id}`}
        empty="Nothing is paired yet. Connect Xero and Sage X3, then pair them in the set-up (Set-up, step 4)."
        columns={[
          { header: 'Name', cell: (i) => <strong>{i.name}</strong> },
          { header: 'Xero organisation', cell: (i) => i.xeroName },
          { header: 'Sage X3', cell: (i) => `${i.x3Name} · ${i.x3Company}` },
          { header: 'Status', cell: (i) => <StatusBadge status={i.status} label={statusLabel(i)} /> },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (i: IntegrationView) => (
                    <Button
                      variant="danger"
                      onClick={() => (remove.reset(), setRemoving(i))}
                      aria-label={`Remove ${i.name}`}
                    >
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LiveStatus message={status} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => (setStatus(`${removing.name} was removed.`), setRemoving(null)),
          })
        }
        onCancel={() => setRemoving(null)}
      >
        <p>The pairing, its mappings and flows stop. Both connections stay.</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </>
  );
}

export function IntegrationsPage() {
  const { canEdit } = useMember();
  const integrations = useIntegrations();
  const connections = useConnections();
  const [saved, setSaved] = useState<string>();
  return (
    <Page title="Integrations" lead="Each integration keeps one Xero organisation in step with one Sage X3 company.">
      {!canEdit && <ReadOnlyNote />}
      {integrations.isPending && <Loading what="integrations" />}
      <ErrorAlert error={integrations.error} title="Integrations could not be loaded" />
      {integrations.data && (
        <Section title="Paired" id="paired-heading">
          <IntegrationsTable rows={integrations.data} />
        </Section>
      )}
      {canEdit && (
        <Section title="Pair Xero with Sage X3" id="pair-heading">
          <LiveStatus message={saved} />
          <ErrorAlert error={connections.error} title="Connections could not be loaded" />
          {connections.data && (
            <PairForm connections={connections.data} onSaved={(i) => setSaved(`${i.name} is paired.`)} />
          )}
        </Section>
      )}
    </Page>
  );
}
