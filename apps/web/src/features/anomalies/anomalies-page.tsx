import { useState } from 'react';
import type { AnomalyFindingView } from '../../api/types';
import { ErrorAlert, Loading, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Column, Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { useMember } from '../session/use-session';
import { FindingDecision, FindingStatus, useFindingDecision, useFindings } from './use-anomalies';

const KIND_LABEL: Record<AnomalyFindingView['kind'], string> = {
  duplicate: 'Likely duplicate',
  outlier: 'Unusual amount',
  'exchange-rate': 'Exchange rate',
  tax: 'Tax',
  volume: 'Volume',
};

const STATUS: Record<FindingStatus, { label: string; tone: string }> = {
  held: { label: 'held, not written', tone: 'needs decision' },
  open: { label: 'written, flagged', tone: 'pending' },
  expected: { label: 'expected', tone: 'ok' },
  resolved: { label: 'resolved', tone: 'resolved' },
};

const FILTERS = [
  { value: '', label: 'Every finding' },
  { value: 'held', label: 'Held before writing' },
  { value: 'open', label: 'Written and flagged' },
  { value: 'expected', label: 'Marked expected' },
  { value: 'resolved', label: 'Resolved' },
];

const DONE: Record<FindingDecision, string> = { approve: 'written', reject: 'not written', expect: 'marked expected' };

/** The anomaly inbox: findings the sync made before writing, each explaining itself. */
export function AnomaliesPage() {
  const { canEdit } = useMember();
  const [status, setStatus] = useState('');
  const findings = useFindings({ status: (status || undefined) as FindingStatus | undefined });
  const decide = useFindingDecision();
  const act = (f: AnomalyFindingView, decision: FindingDecision) => decide.mutate({ id: f.id, decision });
  const acting = decide.variables && findings.data?.find((f) => f.id === decide.variables?.id);
  const columns: Column<AnomalyFindingView>[] = [
    { header: 'Found', cell: (f) => formatDateTime(f.createdAt) },
    { header: 'Kind', cell: (f) => KIND_LABEL[f.kind] },
    {
      header: 'Document',
      cell: (f) => (
        <>
          <code>{f.subject}</code>
          <span className="block small muted">
            {f.entity} · {f.flowKey}
          </span>
        </>
      ),
    },
    { header: 'Why', cell: (f) => f.explanation },
    { header: 'Status', cell: (f) => <StatusBadge status={STATUS[f.status].tone} label={STATUS[f.status].label} /> },
  ];
  if (canEdit)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      cell: (f) => (
        <div className="button-row">
          {f.status === 'held' && (
            <>
              <Button variant="primary" onClick={() => act(f, 'approve')} aria-label={`Write ${f.subject} after all`}>
                Write it
              </Button>
              <Button onClick={() => act(f, 'reject')} aria-label={`Do not write ${f.subject}`}>
                Do not write
              </Button>
            </>
          )}
          {(f.status === 'held' || f.status === 'open') && (
            <Button variant="link" onClick={() => act(f, 'expect')} aria-label={`Mark ${f.subject} expected`}>
              Expected here
            </Button>
          )}
        </div>
      ),
    });
  return (
    <Page
      title="Anomalies"
      lead="Documents that looked wrong on their way to Xero. A likely duplicate is held until someone decides; the rest are written and flagged."
    >
      {!canEdit && <ReadOnlyNote />}
      <Section
        title="Findings"
        id="anomalies-heading"
        description="Marking a finding expected teaches this organisation's rules: the same case is not flagged again."
      >
        <SelectField
          label="Show"
          value={status}
          options={FILTERS}
          data-view-control
          onChange={(e) => setStatus(e.target.value)}
        />
        {acting && (
          <ErrorAlert error={decide.error} title={`${acting.subject}: not ${DONE[decide.variables.decision]}`} />
        )}
        {findings.isPending && <Loading what="findings" />}
        <ErrorAlert error={findings.error} title="Findings could not be loaded" />
        {findings.data && (
          <Table
            caption="Anomaly findings, newest first"
            rows={findings.data}
            rowKey={(f) => f.id}
            rowTestId={(f) => `finding-${f.kind}-${f.subject}`}
            empty={
              status
                ? 'Nothing here: choose "Every finding" to see the rest.'
                : 'No anomalies found: documents the sync finds unusual (a likely duplicate, an amount far from the customer’s history, an odd rate or tax) show here.'
            }
            columns={columns}
          />
        )}
      </Section>
    </Page>
  );
}
