import { useState } from 'react';
import type { ReconDifferenceGroup, ReconDifferenceView } from '../../api/types';
import { ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { TextField } from '../../components/ui/field';
import { StatusBadge } from '../../components/ui/page';
import { Column, Table } from '../../components/ui/table';
import { appliedBySync, CLASS_LABEL, entityLabel, FIX_LABEL, sideLine, VALUE_FIELD_LABEL } from './recon-labels';
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

/** An add-mapping fix's entry: where it goes and its key, and a field per Xero value it needs. */
function EntryFields({
  d,
  value,
  onChange,
}: {
  d: ReconDifferenceView;
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
}) {
  const entry = d.fix.entry;
  if (!entry) return null;
  return (
    <>
      <p>
        The entry <code>{entry.key.map((k) => k || '*').join(' / ')}</code> is added to the {entry.entity} mapping
        {entry.table ? ` (${entry.table})` : "'s account lookup"} as a new version; records waiting for it go on.
      </p>
      {entry.valueFields.map((field) => (
        <TextField
          key={field}
          label={VALUE_FIELD_LABEL[field] ?? field}
          value={value[field] ?? ''}
          maxLength={100}
          required
          onChange={(e) => onChange({ ...value, [field]: e.target.value })}
        />
      ))}
    </>
  );
}

const entryComplete = (d: ReconDifferenceView | undefined, value: Record<string, string>) =>
  !d?.fix.entry || d.fix.entry.valueFields.every((f) => value[f]?.trim());

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
  const [entryValue, setEntryValue] = useState<Record<string, string>>({});
  const acting = decide.variables && group.differences.find((d) => d.id === decide.variables?.differenceId);
  const act = (d: ReconDifferenceView, decision: 'approve' | 'dismiss') =>
    decide.mutate(
      { runId, differenceId: d.id, decision, value: decision === 'approve' && d.fix.entry ? entryValue : undefined },
      { onSettled: () => setConfirming(undefined) },
    );
  const confirm = (d: ReconDifferenceView) => {
    setEntryValue({});
    setConfirming(d);
  };
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
              <Button variant="primary" onClick={() => confirm(d)} aria-label={`Approve and apply ${d.matchKey}`}>
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
        confirmDisabled={!entryComplete(confirming, entryValue)}
        onConfirm={() => confirming && act(confirming, 'approve')}
        onCancel={() => setConfirming(undefined)}
      >
        {confirming && (
          <p>
            {FIX_LABEL[confirming.fix.action]}: {confirming.fix.description}. The next reconciliation shows whether both
            sides then agree.
          </p>
        )}
        {confirming && <EntryFields d={confirming} value={entryValue} onChange={setEntryValue} />}
      </ConfirmDialog>
    </>
  );
}
