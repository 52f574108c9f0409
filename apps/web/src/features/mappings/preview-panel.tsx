import type { DryRunRecordView, DryRunView } from '../../api/types';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { shown } from './mapping-draft';

function detail(r: DryRunRecordView): string {
  if (r.issues?.length) return r.issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  if (r.missing?.length)
    return `Waiting for mapping: ${r.missing.map((m) => `${m.table} ${m.key.join('|')}`).join(', ')}`;
  if (r.changes?.length) return r.changes.map((c) => `${c.path}: ${shown(c.before)} → ${shown(c.after)}`).join('; ');
  return r.reason ?? (r.action === 'create' ? 'A new record in Xero' : '');
}

/**
 * The dry run of the draft on real X3 records: what each would do in Xero (create, update with
 * the field changes, skip, invalid with why, waiting for a lookup entry). Nothing is written.
 */
export function PreviewPanel({
  run,
  busy,
  error,
  canRun,
  sampleKey,
  onSample,
  onRun,
  onAddEntry,
}: {
  run: DryRunView | undefined;
  busy: boolean;
  error: unknown;
  canRun: boolean;
  sampleKey: string | undefined;
  onSample: (key: string) => void;
  onRun: () => void;
  /** Fix in place: a waiting record's missing lookup key becomes an entry of the draft's table. */
  onAddEntry?: (table: string, key: string[]) => void;
}) {
  return (
    <>
      {!canRun && <p className="read-only-note">Only owners and admins can run a preview: it spends Xero API calls.</p>}
      {canRun && (
        <div className="button-row">
          <Button variant="primary" onClick={onRun} busy={busy}>
            {run ? 'Run the preview again' : 'Preview on real records'}
          </Button>
          {run && (
            <span className="muted" data-testid="dry-run-counts">
              {run.read} read · {run.counts.create} create · {run.counts.update} update · {run.counts.skip} skip ·{' '}
              {run.counts.invalid} invalid · {run.counts.waiting} waiting
              {run.draft ? ' (unsaved draft)' : ` (v${run.version})`}
            </span>
          )}
        </div>
      )}
      <ErrorAlert error={error} title="The preview could not run" />
      {run && run.records.length === 0 && <Alert>X3 has no records of this kind in the company yet.</Alert>}
      {run && run.records.length > 0 && (
        <>
          <div className="field">
            <label htmlFor="sample-record">Sample record</label>
            <select id="sample-record" value={sampleKey} onChange={(e) => onSample(e.target.value)}>
              {run.records.map((r) => (
                <option key={r.sourceKey} value={r.sourceKey}>
                  {r.sourceKey} ({r.action})
                </option>
              ))}
            </select>
          </div>
          <Table
            caption="Dry run"
            rows={run.records}
            rowKey={(r) => r.sourceKey}
            rowTestId={(r) => `dry-run-${r.sourceKey}`}
            empty=""
            columns={[
              { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
              { header: 'Would', cell: (r) => <StatusBadge status={r.action} /> },
              { header: 'Details', cell: (r) => detail(r) },
              ...(onAddEntry
                ? [
                    {
                      header: 'Fix',
                      hideHeader: true,
                      cell: (r: DryRunRecordView) =>
                        (r.missing ?? [])
                          .filter((m) => m.table !== 'items' && m.table !== 'contacts')
                          .map((m) => (
                            <Button
                              key={`${m.table}:${m.key.join('|')}`}
                              variant="link"
                              onClick={() => onAddEntry(m.table, m.key)}
                            >
                              Add {m.key.join(' | ')} to {m.table}
                            </Button>
                          )),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </>
  );
}
