import { Link } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { useHeld, useHeldDecision, useWaiting } from './use-operations';

/** The "needs an accountant" list: a locked, paid or voided target, with the adjustment proposed. */
export function HeldSection({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const held = useHeld(integrationId);
  const decide = useHeldDecision(integrationId);
  const approve = (id: string) =>
    decide.mutate({ id, decision: 'approve' }, { onError: (e) => void reauthOnError('approve-held', e, id) });
  useReplayAfterReauth<string>('approve-held', approve);
  if (held.isPending) return <Loading what="the accountant's list" />;
  if (held.error) return <ErrorAlert error={held.error} />;
  return (
    <>
      <ErrorAlert error={decide.error} title="Not done" />
      <Table
        caption="Needs an accountant"
        rows={held.data}
        rowKey={(r) => r.id}
        rowTestId={(r) => `held-${r.sourceKey}`}
        empty="Nothing needs an accountant. Records a flow cannot decide on its own wait here for an owner or admin."
        columns={[
          { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
          { header: 'Flow', cell: (r) => r.flowKey },
          { header: 'Proposed adjustment', cell: (r) => r.proposal ?? r.messages.join('; ') },
          { header: 'Since', cell: (r) => formatDateTime(r.at) },
          ...(canEdit
            ? [
                {
                  header: 'Actions',
                  hideHeader: true,
                  cell: (r: { id: string; sourceKey: string; messages: string[] }) => (
                    <div className="button-row">
                      {r.messages.some((m) => /approval/i.test(m)) && (
                        <Button variant="link" onClick={() => approve(r.id)} aria-label={`Approve ${r.sourceKey}`}>
                          Approve
                        </Button>
                      )}
                      <Button
                        variant="link"
                        onClick={() => decide.mutate({ id: r.id, decision: 'dismiss' })}
                        aria-label={`Settled ${r.sourceKey} by hand`}
                      >
                        Settled by hand
                      </Button>
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

/** Records waiting for a prerequisite; one waiting for a lookup entry links to the mapping to fix it in place. */
export function WaitingSection({ integrationId }: { integrationId: string }) {
  const waiting = useWaiting(integrationId);
  if (waiting.isPending) return <Loading what="waiting records" />;
  if (waiting.error) return <ErrorAlert error={waiting.error} />;
  return (
    <Table
      caption="Waiting"
      rows={waiting.data}
      rowKey={(r) => r.id}
      rowTestId={(r) => `waiting-${r.sourceKey}`}
      empty="Nothing is waiting. A record waits here when something it needs (a lookup, a related record) is missing."
      columns={[
        { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
        { header: 'Flow', cell: (r) => r.flowKey },
        {
          header: 'Waiting on',
          cell: (r) =>
            r.forMapping ? (
              <Link
                to={`/integrations/${encodeURIComponent(integrationId)}/mappings/${encodeURIComponent(r.entity)}/${
                  r.direction === 'xero-to-x3' ? 'xero-to-x3' : 'x3-to-xero'
                }`}
              >
                {r.waitingOn} — add it to the mapping
              </Link>
            ) : (
              r.waitingOn
            ),
        },
        { header: 'Since', cell: (r) => formatDateTime(r.since) },
      ]}
    />
  );
}
