import { useState } from 'react';
import { Alert, ErrorAlert, LiveStatus } from '../../components/ui/alert';
import { ConfirmDialog } from '../../components/ui/dialog';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { ConnectToXero, DisconnectFromXero } from '../../components/ui/xero-buttons';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { useMember } from '../session/use-session';
import { XeroConnectionView, useDisconnectXero, xeroConnectUrl } from './use-connections';

const STATUS_LABEL: Record<string, string> = {
  active: 'Connected',
  needs_reauthorisation: 'Needs re-authorisation',
  disconnected: 'Disconnected',
};

/** Tells the user about organisations Xero no longer lets us reach, and how to get them back. */
export function LostXeroConnections({
  connections,
  returnTo,
}: {
  connections: XeroConnectionView[];
  returnTo: string;
}) {
  const { canEdit } = useMember();
  // A disconnect made here was the user's own choice; anything else (Connected Apps in Xero, a dead
  // grant) happened behind their back and needs saying. TODO(api): a stable reason code.
  const lost = connections.filter((c) => c.status !== 'active' && c.statusReason !== 'disconnected by user');
  if (lost.length === 0) return null;
  return (
    <Alert
      tone="warning"
      title={
        lost.length === 1
          ? `${lost[0].name} is no longer connected to Xero`
          : `${lost.length} Xero organisations are no longer connected`
      }
    >
      <ul className="compact-list">
        {lost.map((c) => (
          <li key={c.id}>
            {c.name}: {STATUS_LABEL[c.status] ?? c.status}
            {c.statusReason ? ` — ${c.statusReason}` : ''}
          </li>
        ))}
      </ul>
      <p>
        Syncing with {lost.length === 1 ? 'it' : 'them'} has stopped.{' '}
        {canEdit ? 'Connect to Xero again to resume.' : 'Ask an owner or admin to connect it again.'}
      </p>
      {canEdit && <ConnectToXero href={xeroConnectUrl(returnTo)} />}
    </Alert>
  );
}

export function XeroConnectionsTable({
  connections,
  returnTo,
}: {
  connections: XeroConnectionView[];
  returnTo: string;
}) {
  const { canEdit } = useMember();
  const disconnect = useDisconnectXero();
  const [confirming, setConfirming] = useState<XeroConnectionView | null>(null);
  const [status, setStatus] = useState<string>();
  const run = (c: { id: string; name: string }) => {
    setStatus(`Disconnecting ${c.name}…`);
    disconnect.mutate(c.id, {
      onSuccess: () => {
        setConfirming(null);
        setStatus(`${c.name} is disconnected from Xero.`);
      },
      onError: (error) => {
        if (!reauthOnError('xero.disconnect', error, { id: c.id, name: c.name })) setStatus(undefined);
      },
    });
  };
  useReplayAfterReauth('xero.disconnect', run);
  return (
    <>
      <Table
        caption="Xero organisations"
        rows={connections}
        rowKey={(c) => c.id}
        rowTestId={(c) => `xero-connection-${c.xeroTenantId}`}
        empty="No Xero organisation is connected yet. Use Connect to Xero on this page to choose one; you log in at Xero and come back here."
        columns={[
          { header: 'Organisation', cell: (c) => <strong>{c.name}</strong> },
          {
            header: 'Status',
            cell: (c) => (
              <>
                <StatusBadge status={c.status} label={STATUS_LABEL[c.status]} />
                {c.statusReason && <span className="muted small block">{c.statusReason}</span>}
              </>
            ),
          },
          { header: 'Connected', cell: (c) => formatDateTime(c.connectedAt) },
          { header: 'Authorised by', cell: (c) => c.authorisedBy ?? '—' },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (c: XeroConnectionView) =>
                    c.status === 'active' ? (
                      <DisconnectFromXero orgName={c.name} onClick={() => setConfirming(c)} />
                    ) : (
                      <ConnectToXero
                        href={xeroConnectUrl(returnTo)}
                        label="Reconnect to Xero"
                        aria-label={`Reconnect to Xero: ${c.name}`}
                      />
                    ),
                },
              ]
            : []),
        ]}
      />
      <LiveStatus message={status} />
      {!confirming && <ErrorAlert error={disconnect.error} title="The organisation was not disconnected" />}
      <ConfirmDialog
        open={confirming !== null}
        title={`Disconnect ${confirming?.name ?? ''}?`}
        confirmLabel="Disconnect"
        danger
        busy={disconnect.isPending}
        onConfirm={() => confirming && run(confirming)}
        onCancel={() => (setConfirming(null), disconnect.reset())}
      >
        <p>
          Ledgerbridge stops syncing with this organisation and gives up its access at Xero. Its integrations pause. You
          can connect it again later.
        </p>
        <ErrorAlert error={disconnect.error} />
      </ConfirmDialog>
    </>
  );
}
