import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import type { RecordEventView, RunDetailView, RunView } from '../../api/types';
import { SupportIntegration, useIntegrationView } from './use-staff';
import { ViewProps } from './tenant-data-views';
import { ViewState } from './view-state';

type OneProps = ViewProps & { integration: SupportIntegration };

const countsLine = (r: RunView) =>
  Object.entries(r.counts)
    .filter(([k, n]) => k !== 'claimed' && n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'nothing settled';

const said = (e: RecordEventView) =>
  [e.response?.action, e.response?.error, ...(e.response?.messages ?? []), e.response?.proposal, e.response?.waitingOn]
    .filter(Boolean)
    .join(' · ') || '—';

/** One run's log lines (the record events it wrote), read under the grant when opened. */
function RunLog({ path }: { path: string }) {
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['staff', 'run', path],
    queryFn: () => apiGet<RunDetailView>(path),
    enabled: open,
    retry: false,
  });
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Log</summary>
      {open && q.isPending && <Loading what="the run's log" />}
      <ErrorAlert error={q.error} title="Could not load the run's log" />
      {q.data &&
        (q.data.events.length === 0 ? (
          <p className="empty">This run wrote no log lines.</p>
        ) : (
          // a list, not a table in a table cell: it wraps at 390 px instead of widening the page
          <ol className="run-log" aria-label="The run's log lines, oldest first">
            {q.data.events.map((e) => (
              <li key={e.id} data-testid="run-log-line" className="break">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>{' '}
                <StatusBadge status={e.event === 'dead' ? 'failed' : e.event} label={e.event} /> {e.recordKey}:{' '}
                {said(e)}
              </li>
            ))}
          </ol>
        ))}
    </details>
  );
}

/** The run log: one row per drain run, newest first, each with its log lines on demand. */
export function RunsOf({ tenantId, grantId, onExpired, integration }: OneProps) {
  const q = useIntegrationView(tenantId, grantId, integration.id, 'runs');
  const base = `/api/support/tenants/${encodeURIComponent(tenantId)}/integrations/${encodeURIComponent(integration.id)}/runs`;
  return (
    <ViewState q={q} what="runs" onExpired={onExpired}>
      {(page) => (
        <Table
          caption={`Runs of ${integration.name}, newest first`}
          rows={page.items}
          rowKey={(r) => r.id}
          rowTestId={() => 'run'}
          empty="No runs yet."
          columns={[
            { header: 'Started', cell: (r) => <time dateTime={r.startedAt}>{formatDateTime(r.startedAt)}</time> },
            { header: 'Flow', cell: (r) => `${r.flowKey} (${r.direction})` },
            {
              header: 'Outcome',
              cell: (r) => <StatusBadge status={r.outcome === 'ok' ? 'done' : r.outcome} label={r.outcome} />,
            },
            { header: 'Records', cell: (r) => <span className="break">{countsLine(r)}</span> },
            { header: 'Xero calls', cell: (r) => r.xeroCalls },
            { header: 'Log', cell: (r) => <RunLog path={`${base}/${r.id}`} /> },
          ]}
        />
      )}
    </ViewState>
  );
}
