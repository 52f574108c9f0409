import { useState } from 'react';
import type { ReconDifferenceGroup, ReconDifferenceView } from '../../api/types';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { StatusBadge } from '../../components/ui/page';
import { Column, Table } from '../../components/ui/table';
import { appliedBySync, CLASS_LABEL, entityLabel, FIX_LABEL, sideLine } from './recon-labels';
import { useDecideDifference } from './use-reconciliation';

const STATE_TONE: Record<ReconDifferenceView['state'], string> = {
  open: 'needs decision',
  approved: 'accepted',
  applied: 'ok',
  dismissed: 'dismissed',
};

function Side({ values }: { values: ReconDifferenceView['x3'] }) {
  if (!values.length) return <span className="muted">none</span>;
  return (
    <ul className="compact-list">
      {values.map((v, i) => (
        <li key={`${v.recordKey}-${i}`}>{sideLine(v)}</li>
      ))}
    </ul>
  );
}

function Fix({ d }: { d: ReconDifferenceView }) {
  return (
    <>
      <strong>{FIX_LABEL[d.fix.action]}</strong>
      {d.fix.amount && ` (${d.fix.amount})`}
      <span className="block small">{d.fix.description}</span>
      {!appliedBySync(d.fix.action) && d.fix.action !== 'none' && (
        <span className="block small muted">An accountant makes this one; the sync does not.</span>
      )}
    </>
  );
}

/** One class's differences; owners and admins approve (the fix is applied through the sync) or dismiss each. */
export function DifferencesTable({
  integrationId,
  runId,
  group,
  canEdit,
}: {
  integrationId: string;
  runId: string;
  group: ReconDifferenceGroup;
  canEdit: boolean;
}) {
  const decide = useDecideDifference(integrationId);
  const [confirming, setConfirming] = useState<ReconDifferenceView>();
  const acting = decide.variables && group.differences.find((d) => d.id === decide.variables?.differenceId);
  const act = (d: ReconDifferenceView, decision: 'approve' | 'dismiss') =>
    decide.mutate({ runId, differenceId: d.id, decision }, { onSettled: () => setConfirming(undefined) });
  const columns: Column<ReconDifferenceView>[] = [
    {
      header: 'Record',
      cell: (d) => (
        <>
          <code>{d.matchKey}</code>
          <span className="block small muted">{entityLabel(d.entity)}</span>
        </>
      ),
    },
    { header: 'Sage X3', cell: (d) => <Side values={d.x3} /> },
    { header: 'Xero', cell: (d) => <Side values={d.xero} /> },
    { header: 'Likely cause', cell: (d) => d.likelyCause },
    { header: 'Suggested fix', cell: (d) => <Fix d={d} /> },
    { header: 'State', cell: (d) => <StatusBadge status={STATE_TONE[d.state]} label={d.state} /> },
  ];
  if (canEdit)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      cell: (d) =>
        d.state === 'open' && (
          <div className="button-row">
            {/* nothing to apply: the entry is an accountant's, made in the ledger itself */}
            {d.fix.action !== 'none' && (
              <Button variant="primary" onClick={() => setConfirming(d)} aria-label={`Approve and apply ${d.matchKey}`}>
                Approve and apply
              </Button>
            )}
            <Button
              variant="link"
              busy={
                decide.isPending && decide.variables?.differenceId === d.id && decide.variables.decision === 'dismiss'
              }
              onClick={() => act(d, 'dismiss')}
              aria-label={`Dismiss ${d.matchKey}`}
            >
              Dismiss
            </Button>
          </div>
        ),
    });
  return (
    <>
      {acting && (
        <ErrorAlert
          error={decide.error}
          title={`${acting.matchKey}: not ${decide.variables?.decision === 'approve' ? 'applied' : 'dismissed'}`}
        />
      )}
      <Table
        caption={CLASS_LABEL[group.differenceClass]}
        rows={group.differences}
        rowKey={(d) => d.id}
        rowTestId={(d) => `difference-${d.matchKey}`}
        empty="No differences of this kind."
        columns={columns}
      />
      <ConfirmDialog
        open={!!confirming}
        title={`Apply the fix to ${confirming?.matchKey ?? ''}?`}
        confirmLabel="Apply the fix"
        busy={decide.isPending}
        onConfirm={() => confirming && act(confirming, 'approve')}
        onCancel={() => setConfirming(undefined)}
      >
        {confirming && (
          <p>
            {FIX_LABEL[confirming.fix.action]}: {confirming.fix.description}. The next reconciliation shows whether both
            sides then agree.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
