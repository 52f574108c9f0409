import { useState } from 'react';
import type { FlowDryRunRecordView } from '../../../api/types';
import { ErrorAlert, LiveStatus } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { StatusBadge } from '../../../components/ui/page';
import { Table } from '../../../components/ui/table';
import type { FlowDoc } from './flow-graph';
import { useFlowDryRun } from './use-flow-designer';

/** What the mapping dry run said for a record reaching a writing action, in a few words. */
function outcomeOf(r: FlowDryRunRecordView): string {
  const m = r.mapping;
  if (!m) return '—';
  if (m.action === 'update') return `update: ${(m.changes ?? []).map((c) => c.path).join(', ') || 'no field'}`;
  if (m.action === 'skip') return `skip (${m.reason ?? 'unchanged'})`;
  if (m.action === 'invalid') return `invalid: ${(m.issues ?? []).map((i) => `${i.field} ${i.message}`).join('; ')}`;
  if (m.action === 'waiting')
    return `waiting for ${(m.missing ?? []).map((x) => `${x.table} ${x.key.join('/')}`).join(', ')}`;
  return m.action;
}

/**
 * "Dry run": the current document (saved or not) walked with real X3 records — the path each takes,
 * where it would stop and what the mapping would do. Admins: it spends the organisation's Xero calls.
 */
export function DryRunPanel({
  integrationId,
  flowKey,
  document,
  blocked,
}: {
  integrationId: string;
  flowKey: string;
  /** The unsaved document to try; without one the stored version runs. */
  document?: FlowDoc;
  /** Why the document cannot be tried yet (the checks the api would make), if any. */
  blocked?: string;
}) {
  const dryRun = useFlowDryRun(integrationId, flowKey);
  const [limit, setLimit] = useState(5);
  const result = dryRun.data;
  return (
    <>
      <LiveStatus message={result ? `Dry run: ${result.records.length} records walked, nothing stored.` : undefined} />
      <p className="muted">Reads real X3 records and asks Xero, but writes nothing and parks nothing.</p>
      <div className="button-row">
        <div className="field">
          <label htmlFor="dry-run-limit">Records</label>
          <input
            id="dry-run-limit"
            type="number"
            min={1}
            max={20}
            value={limit}
            onChange={(e) => setLimit(Math.min(20, Math.max(1, Number(e.target.value) || 1)))}
          />
        </div>
        <Button
          onClick={() => dryRun.mutate({ limit, ...(document ? { document } : {}) })}
          busy={dryRun.isPending}
          disabled={Boolean(blocked)}
          data-testid="flow-dry-run"
        >
          Dry run
        </Button>
      </div>
      {blocked && <p className="muted">{blocked}</p>}
      <ErrorAlert error={dryRun.error} title="The dry run failed" />
      {result && (
        <p data-testid="dry-run-summary">
          Dry run of {result.draft ? 'the unsaved document' : `version ${result.version}`} with mapping version{' '}
          {result.mappingVersion}: {result.read} {result.read === 1 ? 'record' : 'records'} read, nothing stored.
        </p>
      )}
      {result && (
        <Table
          caption="Dry run: each record's path, where it would stop and the mapping outcome"
          rows={result.records}
          rowKey={(r) => r.sourceKey}
          rowTestId={(r) => `dry-run-${r.sourceKey}`}
          empty="No X3 records of this entity."
          columns={[
            { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
            {
              header: 'Path',
              cell: (r) => (
                <ol className="run-steps">
                  {r.path.map((s) => (
                    <li key={s.nodeId} title={s.note}>
                      {s.nodeId}
                      {s.edge ? ` → ${s.edge}` : ''}
                    </li>
                  ))}
                </ol>
              ),
            },
            {
              header: 'Stop',
              cell: (r) => (
                <>
                  <StatusBadge status={r.stop.kind} /> {r.stop.detail}
                </>
              ),
            },
            { header: 'Mapping outcome', cell: outcomeOf },
          ]}
        />
      )}
    </>
  );
}
