import { useState } from 'react';
import type { DeadLetterView } from '../../api/types';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import { ReplayInput, useDeadLetter, useDeadLetters, useReplay } from './use-operations';

/** The record a dead letter failed on, with the target's words (sensitive numbers come masked). */
function DeadLetterDetail({ integrationId, id, onClose }: { integrationId: string; id: string; onClose: () => void }) {
  const detail = useDeadLetter(integrationId, id);
  return (
    <div className="card nested" data-testid="dead-letter-detail">
      <h3>Dead letter {detail.data?.sourceKey ?? ''}</h3>
      {detail.isPending && <Loading what="the dead letter" />}
      <ErrorAlert error={detail.error} />
      {detail.data && (
        <>
          <p>
            Flow {detail.data.flowKey} · mapping v{detail.data.mappingVersion ?? '—'} · {detail.data.attempts} attempt
            {detail.data.attempts === 1 ? '' : 's'}
          </p>
          <ul>
            {detail.data.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <h4>Source record</h4>
          <pre className="code source-record" tabIndex={0} aria-label={`Source record of ${detail.data.sourceKey}`}>
            {JSON.stringify(detail.data.source, null, 2)}
          </pre>
        </>
      )}
      <Button onClick={onClose}>Close</Button>
    </div>
  );
}

/** Dead letters: what failed and why; replay one, a selection or all of a flow, pinned or newest mapping. */
export function DeadLettersSection({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const letters = useDeadLetters(integrationId);
  const replay = useReplay(integrationId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string>();
  const [version, setVersion] = useState<'pinned' | 'newest'>('newest');
  const [status, setStatus] = useState<string>();
  const run = (input: ReplayInput) =>
    replay.mutate(input, {
      onSuccess: (r) => (setStatus(`${r.replayed} put back to be carried again.`), setSelected(new Set())),
      onError: (error) => void reauthOnError('replay', error, input),
    });
  useReplayAfterReauth<ReplayInput>('replay', run);
  if (letters.isPending) return <Loading what="dead letters" />;
  if (letters.error) return <ErrorAlert error={letters.error} title="Dead letters could not be loaded" />;
  const rows = letters.data;
  const chosen = rows.filter((r) => selected.has(r.id));
  const flows = [...new Set(rows.map((r) => r.flowKey))];
  const toggle = (r: DeadLetterView) => {
    const next = new Set(selected);
    if (next.has(r.id)) next.delete(r.id);
    else next.add(r.id);
    setSelected(next);
  };
  return (
    <>
      <LiveStatus message={status} />
      {canEdit && rows.length > 0 && (
        <div className="button-row">
          <label htmlFor="replay-version">Replay with</label>
          <select
            id="replay-version"
            value={version}
            onChange={(e) => setVersion(e.target.value as 'pinned' | 'newest')}
          >
            <option value="newest">the flow's newest mapping</option>
            <option value="pinned">the mapping version that failed</option>
          </select>
          <Button
            disabled={!chosen.length || new Set(chosen.map((c) => c.flowKey)).size > 1}
            busy={replay.isPending}
            onClick={() => run({ flowKey: chosen[0].flowKey, sourceKeys: chosen.map((c) => c.sourceKey), version })}
          >
            Replay selected ({chosen.length})
          </Button>
          {flows.map((f) => (
            <Button key={f} busy={replay.isPending} onClick={() => run({ flowKey: f, version })}>
              Replay all of {f}
            </Button>
          ))}
        </div>
      )}
      <ErrorAlert error={replay.error} title="Not replayed" />
      <Table
        caption="Dead letters"
        rows={rows}
        rowKey={(r) => r.id}
        rowTestId={(r) => `dead-letter-${r.sourceKey}`}
        empty="No dead letters: every record either moved or is waiting for something named below."
        columns={[
          ...(canEdit
            ? [
                {
                  header: 'Select',
                  hideHeader: true,
                  cell: (r: DeadLetterView) => (
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.sourceKey}`}
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r)}
                    />
                  ),
                },
              ]
            : []),
          { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
          { header: 'Flow', cell: (r) => `${r.flowKey} (mapping v${r.mappingVersion ?? '—'})` },
          { header: 'Why', cell: (r) => r.messages.join('; ') || r.error || '' },
          { header: 'When', cell: (r) => formatDateTime(r.at) },
          {
            header: 'Actions',
            hideHeader: true,
            cell: (r) => (
              <div className="button-row">
                <Button variant="link" onClick={() => setOpen(r.id)} aria-label={`Open ${r.sourceKey}`}>
                  Open
                </Button>
                {canEdit && (
                  <Button
                    variant="link"
                    onClick={() => run({ flowKey: r.flowKey, sourceKeys: [r.sourceKey], version })}
                    aria-label={`Replay ${r.sourceKey}`}
                  >
                    Replay
                  </Button>
                )}
              </div>
            ),
          },
        ]}
      />
      {open && <DeadLetterDetail integrationId={integrationId} id={open} onClose={() => setOpen(undefined)} />}
    </>
  );
}
