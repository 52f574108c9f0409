import { useState } from 'react';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { ConnectToXero } from '../../components/ui/xero-buttons';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { useMember } from '../session/use-session';
import { ConnectResult } from './connect-result';
import { UpdateX3CredentialsForm, X3ConnectionForm } from './x3-connection-form';
import { LostXeroConnections, XeroConnectionsTable } from './xero-connections';
import {
  X3ConnectionView,
  useConnections,
  useDeleteX3,
  useUpdateX3Credentials,
  xeroConnectUrl,
} from './use-connections';

const RETURN_TO = '/settings/connections';

function X3Connections({ connections }: { connections: X3ConnectionView[] }) {
  const { canEdit } = useMember();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<X3ConnectionView | null>(null);
  const [status, setStatus] = useState<string>();
  const update = useUpdateX3Credentials();
  const remove = useDeleteX3();
  const runRemove = (c: { id: string; name: string }) =>
    remove.mutate(c.id, {
      onSuccess: () => {
        setRemoving(null);
        setStatus(`${c.name} was removed.`);
      },
      onError: (error) => reauthOnError('x3.delete', error, c),
    });
  useReplayAfterReauth('x3.delete', runRemove);
  // Rotation needs a recent Xero sign-in. The new secret is never parked in the browser for the
  // round trip: the form opens again afterwards and the secret is entered once more.
  useReplayAfterReauth('x3.credentials', (c: { id: string }) => setEditing(c.id));
  return (
    <>
      <Table
        caption="Sage X3 connections"
        rows={connections}
        rowKey={(c) => c.id}
        rowTestId={(c) => `x3-connection-${c.id}`}
        empty="No Sage X3 folder is connected yet. Add one with the form on this page: test it first to see what it exposes."
        columns={[
          {
            header: 'Name',
            cell: (c) => (
              <>
                <strong>{c.name}</strong> {c.isSandbox && <span className="badge badge-neutral">Sandbox</span>}
              </>
            ),
          },
          {
            header: 'Server and folder',
            cell: (c) => (
              <span className="break">
                {c.baseUrl} · {c.folder}
              </span>
            ),
          },
          { header: 'Companies', cell: (c) => (c.companies.length ? c.companies.join(', ') : 'All') },
          { header: 'Sign-in', cell: (c) => (c.authMode === 'jwt' ? 'Connected application' : 'User and password') },
          {
            header: 'Status',
            cell: (c) => (
              <>
                <StatusBadge status={c.status} />
                {c.lastError && <span className="muted small block">{c.lastError}</span>}
              </>
            ),
          },
          { header: 'Last tested', cell: (c) => formatDateTime(c.lastTestedAt) },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (c: X3ConnectionView) => (
                    <div className="row-actions">
                      <Button
                        onClick={() => (update.reset(), setEditing(editing === c.id ? null : c.id))}
                        aria-expanded={editing === c.id}
                        aria-label={`Update credentials for ${c.name}`}
                      >
                        Update credentials
                      </Button>
                      <Button
                        variant="danger"
                        onClick={() => (remove.reset(), setRemoving(c))}
                        aria-label={`Remove ${c.name}`}
                      >
                        Remove
                      </Button>
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing &&
        (() => {
          const c = connections.find((x) => x.id === editing);
          if (!c) return null;
          return (
            <div className="card nested">
              <h3>New credentials for {c.name}</h3>
              <UpdateX3CredentialsForm
                connection={c}
                pending={update.isPending}
                error={update.error}
                onDone={() => setEditing(null)}
                submit={(auth) =>
                  update.mutate(
                    { id: c.id, auth },
                    {
                      onSuccess: () => (setEditing(null), setStatus(`Credentials for ${c.name} were updated.`)),
                      onError: (error) => reauthOnError('x3.credentials', error, { id: c.id }),
                    },
                  )
                }
              />
            </div>
          );
        })()}
      <LiveStatus message={status} />
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        onConfirm={() => removing && runRemove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>Ledgerbridge forgets this X3 folder and its credentials. Integrations that use it stop.</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
      {canEdit &&
        (adding ? (
          <div className="card nested">
            <h3>Add a Sage X3 connection</h3>
            <X3ConnectionForm onSaved={(c) => (setAdding(false), setStatus(`${c.name} is connected.`))} />
            <Button variant="link" onClick={() => setAdding(false)}>
              Cancel adding
            </Button>
          </div>
        ) : (
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add a Sage X3 connection
          </Button>
        ))}
    </>
  );
}

export function ConnectionsPage() {
  const { canEdit } = useMember();
  const connections = useConnections(10_000);
  return (
    <Page title="Connections" lead="The Xero organisations and Sage X3 folders Ledgerbridge can reach.">
      <ConnectResult />
      {!canEdit && <ReadOnlyNote />}
      {connections.isPending && <Loading what="connections" />}
      <ErrorAlert error={connections.error} title="Connections could not be loaded" />
      {connections.data && (
        <>
          <LostXeroConnections connections={connections.data.xero} returnTo={RETURN_TO} />
          <Section title="Xero organisations" id="xero-heading">
            <XeroConnectionsTable connections={connections.data.xero} returnTo={RETURN_TO} />
            {canEdit && (
              <div className="actions">
                <ConnectToXero href={xeroConnectUrl(RETURN_TO)} />
              </div>
            )}
          </Section>
          <Section title="Sage X3 folders" id="x3-heading">
            <X3Connections connections={connections.data.x3} />
          </Section>
        </>
      )}
    </Page>
  );
}
