import { useState } from 'react';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { apiGet } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import type { DeadLetterDetailView } from '../../api/types';
import { useQuery } from '@tanstack/react-query';
import { SupportIntegration, useIntegrationView, useSupportView } from './use-staff';
import { ViewProps } from './tenant-data-views';
import { RunsOf } from './run-views';
import { ViewState } from './view-state';

type OneProps = ViewProps & { integration: SupportIntegration };

const said = (messages: string[], error?: string | null) => [error, ...messages].filter(Boolean).join(' · ') || '—';

/**
 * The tenant's recent sync activity per integration: the changes its flows settled, newest first,
 * with the target's words (the run log groups the same by drain run).
 */
function ActivityOf({ tenantId, grantId, onExpired, integration }: OneProps) {
  const q = useIntegrationView(tenantId, grantId, integration.id, 'activity');
  return (
    <ViewState q={q} what="recent sync activity" onExpired={onExpired}>
      {(lines) => (
        <Table
          caption={`Recent sync activity of ${integration.name}`}
          rows={lines}
          rowKey={(l) => l.id}
          rowTestId={() => 'activity-line'}
          empty="Nothing has synced yet."
          columns={[
            { header: 'When', cell: (l) => <time dateTime={l.at}>{formatDateTime(l.at)}</time> },
            { header: 'Flow', cell: (l) => l.flowKey },
            { header: 'Record', cell: (l) => <span className="break">{l.sourceKey}</span> },
            {
              header: 'Outcome',
              cell: (l) => <StatusBadge status={l.state === 'dead' ? 'failed' : l.state} label={l.action ?? l.state} />,
            },
            { header: 'Messages', cell: (l) => <span className="break">{said(l.messages, l.error)}</span> },
          ]}
        />
      )}
    </ViewState>
  );
}

/** The source record a dead letter failed on, bank and tax numbers masked; read when opened. */
function DeadLetterSource({ path }: { path: string }) {
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['staff', 'dead-letter', path],
    queryFn: () => apiGet<DeadLetterDetailView>(path),
    enabled: open,
    retry: false,
  });
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Source record</summary>
      {open && q.isPending && <Loading what="the source record" />}
      <ErrorAlert error={q.error} title="Could not load the source record" />
      {q.data && <pre className="source-record">{JSON.stringify(q.data.source, null, 2)}</pre>}
    </details>
  );
}

function DeadLettersOf({ tenantId, grantId, onExpired, integration }: OneProps) {
  const q = useIntegrationView(tenantId, grantId, integration.id, 'dead-letters');
  const base = `/api/support/tenants/${tenantId}/integrations/${integration.id}/dead-letters`;
  return (
    <ViewState q={q} what="dead letters" onExpired={onExpired}>
      {(rows) => (
        <Table
          caption={`Dead letters of ${integration.name}`}
          rows={rows}
          rowKey={(d) => d.id}
          rowTestId={() => 'dead-letter'}
          empty="No dead letters."
          columns={[
            { header: 'When', cell: (d) => formatDateTime(d.at) },
            { header: 'Flow', cell: (d) => d.flowKey },
            { header: 'Record', cell: (d) => <span className="break">{d.sourceKey}</span> },
            { header: 'Attempts', cell: (d) => d.attempts },
            { header: 'Why', cell: (d) => <span className="break">{said(d.messages, d.error)}</span> },
            { header: 'Source', cell: (d) => <DeadLetterSource path={`${base}/${d.id}`} /> },
          ]}
        />
      )}
    </ViewState>
  );
}

function WaitingAndHeldOf({ tenantId, grantId, onExpired, integration }: OneProps) {
  const waiting = useIntegrationView(tenantId, grantId, integration.id, 'waiting');
  const held = useIntegrationView(tenantId, grantId, integration.id, 'held');
  return (
    <>
      <h4>Waiting for a prerequisite</h4>
      <ViewState q={waiting} what="records waiting" onExpired={onExpired}>
        {(rows) => (
          <Table
            caption={`Records waiting in ${integration.name}`}
            rows={rows}
            rowKey={(w) => w.id}
            empty="No records waiting."
            columns={[
              { header: 'Since', cell: (w) => formatDateTime(w.since) },
              { header: 'Flow', cell: (w) => w.flowKey },
              { header: 'Record', cell: (w) => <span className="break">{w.sourceKey}</span> },
              { header: 'Waiting on', cell: (w) => <span className="break">{w.waitingOn}</span> },
            ]}
          />
        )}
      </ViewState>
      <h4>Held for an accountant</h4>
      <ViewState q={held} what="held records" onExpired={onExpired}>
        {(rows) => (
          <Table
            caption={`Records held in ${integration.name}`}
            rows={rows}
            rowKey={(h) => h.id}
            empty="No records held."
            columns={[
              { header: 'When', cell: (h) => formatDateTime(h.at) },
              { header: 'Flow', cell: (h) => h.flowKey },
              { header: 'Record', cell: (h) => <span className="break">{h.sourceKey}</span> },
              { header: 'Proposal', cell: (h) => <span className="break">{h.proposal ?? said(h.messages)}</span> },
            ]}
          />
        )}
      </ViewState>
    </>
  );
}

const PARTS = { runs: RunsOf, activity: ActivityOf, 'dead-letters': DeadLettersOf, 'waiting-held': WaitingAndHeldOf };
export type IntegrationPart = keyof typeof PARTS;

/** One part (runs, activity, dead letters, waiting and held) for each of the tenant's integrations. */
export function PerIntegration({ part, ...props }: ViewProps & { part: IntegrationPart }) {
  const q = useSupportView(props.tenantId, props.grantId, 'integrations');
  const Part = PARTS[part];
  return (
    <ViewState q={q} what="integrations" onExpired={props.onExpired}>
      {(rows) =>
        rows.length === 0 ? (
          <p className="empty">This tenant has no integrations.</p>
        ) : (
          rows.map((i) => (
            <section key={i.id} aria-label={i.name} className="stack">
              {rows.length > 1 && <h3>{i.name}</h3>}
              <Part {...props} integration={i} />
            </section>
          ))
        )
      }
    </ViewState>
  );
}
