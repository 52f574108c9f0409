import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RunView } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { SelectField, TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { runPath, useRuns } from './use-trail';

const OUTCOMES = [
  { value: '', label: 'Any outcome' },
  { value: 'ok', label: 'OK' },
  { value: 'partial', label: 'Partial' },
  { value: 'failed', label: 'Failed' },
];

const countsOf = (r: RunView) =>
  `${r.counts.claimed} claimed · ${r.counts.created} created · ${r.counts.updated} updated · ${r.counts.unchanged} unchanged` +
  (r.counts.dead ? ` · ${r.counts.dead} dead` : '') +
  (r.counts.held ? ` · ${r.counts.held} held` : '') +
  (r.counts.waiting ? ` · ${r.counts.waiting} waiting` : '');

/** The run log of an integration: one line per drain run, newest first, each opening its log lines. */
export function RunsPage() {
  const { integrationId = '' } = useParams();
  const [flow, setFlow] = useState('');
  const [outcome, setOutcome] = useState('');
  const runs = useRuns(integrationId, { flow: flow.trim() || undefined, outcome: outcome || undefined });
  const rows = runs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title="Runs" lead="Every drain run of this integration: what it carried, what failed, how many Xero calls.">
      <Section title="Filter" id="runs-filter">
        <div className="field-row">
          <TextField label="Flow" value={flow} onChange={(e) => setFlow(e.target.value)} placeholder="invoices" />
          <SelectField
            label="Outcome"
            value={outcome}
            options={OUTCOMES}
            onChange={(e) => setOutcome(e.target.value)}
          />
        </div>
      </Section>
      <Section title="Runs" id="runs-list">
        {runs.isPending && <Loading what="runs" />}
        <ErrorAlert error={runs.error} title="Runs could not be loaded" />
        {runs.data && (
          <Table
            caption="Runs, newest first"
            rows={rows}
            rowKey={(r) => r.id}
            rowTestId={(r) => `run-${r.id}`}
            empty="No runs yet: they appear once a flow carries records."
            columns={[
              {
                header: 'Started',
                cell: (r) => <Link to={runPath(integrationId, r.id)}>{formatDateTime(r.startedAt)}</Link>,
              },
              { header: 'Flow', cell: (r) => r.flowKey },
              { header: 'Outcome', cell: (r) => <StatusBadge status={r.outcome} /> },
              { header: 'Records', cell: countsOf },
              { header: 'Xero calls', cell: (r) => r.xeroCalls },
              { header: 'Took', cell: (r) => `${(r.durationMs / 1000).toFixed(1)} s` },
            ]}
          />
        )}
        {runs.hasNextPage && (
          <Button onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            Load more
          </Button>
        )}
      </Section>
    </Page>
  );
}
