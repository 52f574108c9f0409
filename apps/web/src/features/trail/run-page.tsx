import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RecordEventView } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { SelectField, TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { runsPath, trailPath, useRun } from './use-trail';

const any = (label: string) => ({ value: '', label });
const optionsOf = (values: string[], label: string) => [any(label), ...values.map((v) => ({ value: v, label: v }))];

/** What the target said, in one line. */
export function responseLine(e: RecordEventView): string {
  const r = e.response;
  if (!r) return '';
  return [
    r.action,
    r.targetId && `→ ${r.targetId}`,
    r.waitingOn && `waiting on ${r.waitingOn}`,
    ...(r.messages ?? []),
    r.error,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One run's log lines (its record events), searchable by record key and filtered by entity and status. */
export function RunPage() {
  const { integrationId = '', runId = '' } = useParams();
  const run = useRun(integrationId, runId);
  const [key, setKey] = useState('');
  const [entity, setEntity] = useState('');
  const [status, setStatus] = useState('');
  const events = run.data?.events;
  const lines = useMemo(() => {
    const k = key.trim().toLowerCase();
    return (events ?? []).filter(
      (e) =>
        (!k || [e.recordKey, e.sourceKey, e.targetId ?? ''].some((v) => v.toLowerCase().includes(k))) &&
        (!entity || e.entity === entity) &&
        (!status || e.event === status),
    );
  }, [events, key, entity, status]);
  const entities = [...new Set((events ?? []).map((e) => e.entity))];
  const statuses = [...new Set((events ?? []).map((e) => e.event))];
  return (
    <Page title="Run" lead={<Link to={runsPath(integrationId)}>All runs</Link>}>
      {run.isPending && <Loading what="the run" />}
      <ErrorAlert error={run.error} title="The run could not be loaded" />
      {run.data && (
        <>
          <Section title={`${run.data.flowKey} · ${formatDateTime(run.data.startedAt)}`} id="run-head">
            <p>
              <StatusBadge status={run.data.outcome} /> {run.data.counts.claimed} claimed, {run.data.counts.created}{' '}
              created, {run.data.counts.updated} updated, {run.data.counts.unchanged} unchanged, {run.data.counts.dead}{' '}
              dead, {run.data.counts.held} held, {run.data.counts.waiting} waiting · {run.data.xeroCalls} Xero calls ·{' '}
              {(run.data.durationMs / 1000).toFixed(1)} s
            </p>
            {run.data.error && <p className="error-text">{run.data.error}</p>}
          </Section>
          <Section title="Log lines" id="run-lines">
            <div className="field-row">
              <TextField
                label="Record key"
                value={key}
                onChange={(e) => setKey(e.target.value)}
                placeholder="SO00042"
              />
              <SelectField
                label="Entity"
                value={entity}
                options={optionsOf(entities, 'Any entity')}
                onChange={(e) => setEntity(e.target.value)}
              />
              <SelectField
                label="Status"
                value={status}
                options={optionsOf(statuses, 'Any status')}
                onChange={(e) => setStatus(e.target.value)}
              />
            </div>
            <Table
              caption="Log lines of the run, oldest first"
              rows={lines}
              rowKey={(e) => e.id}
              rowTestId={(e) => `line-${e.recordKey}-${e.event}`}
              empty="No log lines match."
              columns={[
                { header: 'Time', cell: (e) => formatDateTime(e.at) },
                {
                  header: 'Record',
                  cell: (e) => <Link to={trailPath(integrationId, e.recordKey)}>{e.recordKey}</Link>,
                },
                { header: 'Entity', cell: (e) => e.entity },
                { header: 'Event', cell: (e) => <StatusBadge status={e.event} /> },
                { header: 'Response', cell: responseLine },
              ]}
            />
          </Section>
        </>
      )}
    </Page>
  );
}
