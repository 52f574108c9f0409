import { useState } from 'react';
import { ErrorAlert, Loading, LiveStatus } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { StatusBadge } from '../../../components/ui/page';
import { Table } from '../../../components/ui/table';
import { formatDateTime } from '../../../lib/format';
import { FlowRun, useFlowRuns, useRunDecision } from './use-flow-designer';

const STATES = ['', 'running', 'waiting', 'awaiting-approval', 'completed', 'ended', 'failed'];

function RunSteps({ run }: { run: FlowRun }) {
  return (
    <ol className="run-steps" data-testid={`run-steps-${run.sourceKey}`}>
      {run.steps.map((s) => (
        <li key={s.seq}>
          <strong>{s.nodeId}</strong> ({s.nodeKind}) → {s.outcome}
          {s.finishedAt ? ` · ${formatDateTime(s.finishedAt)}` : ' · parked'}
          {Object.keys(s.output).length > 0 && <code className="run-output">{JSON.stringify(s.output)}</code>}
        </li>
      ))}
    </ol>
  );
}

/** Runs of a flow, each step by step; a run awaiting approval is approved or rejected here, with a comment. */
export function RunsPanel({ integrationId, flowKey }: { integrationId: string; flowKey: string }) {
  const [status, setStatus] = useState('');
  const runs = useFlowRuns(integrationId, flowKey, status);
  const decide = useRunDecision(integrationId, flowKey);
  const [open, setOpen] = useState<string>();
  const [comment, setComment] = useState('');
  const [said, setSaid] = useState<string>();
  return (
    <>
      <LiveStatus message={said} />
      <div className="field">
        <label htmlFor="run-status">Show</label>
        <select id="run-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s || 'every run'}
            </option>
          ))}
        </select>
      </div>
      {runs.isPending && <Loading what="runs" />}
      <ErrorAlert error={runs.error} title="Runs could not be loaded" />
      {runs.data && (
        <Table
          caption="Runs"
          rows={runs.data}
          rowKey={(r) => r.id}
          rowTestId={(r) => `run-${r.sourceKey}`}
          empty="No runs yet. Switch the flow on to see its runs step by step."
          columns={[
            { header: 'Record', cell: (r) => <code>{r.sourceKey}</code> },
            { header: 'State', cell: (r) => <StatusBadge status={r.state} /> },
            { header: 'At', cell: (r) => r.waitingFor ?? r.currentNode },
            { header: 'Started', cell: (r) => formatDateTime(r.createdAt) },
            {
              header: 'Actions',
              hideHeader: true,
              cell: (r) => (
                <Button
                  variant="link"
                  onClick={() => setOpen(open === r.id ? undefined : r.id)}
                  aria-label={`Steps of ${r.sourceKey}`}
                >
                  Steps
                </Button>
              ),
            },
          ]}
        />
      )}
      {runs.data
        ?.filter((r) => r.id === open)
        .map((r) => (
          <div className="card nested" key={r.id}>
            <h3>
              Run of {r.sourceKey} (flow v{r.flowVersion})
            </h3>
            {r.message && <p>{r.message}</p>}
            {r.deadline && <p>Times out {formatDateTime(r.deadline)}.</p>}
            <RunSteps run={r} />
            {r.state === 'awaiting-approval' && (
              <form
                className="approval-form"
                aria-label={`Approve or reject ${r.sourceKey}`}
                onSubmit={(e) => e.preventDefault()}
              >
                <div className="field">
                  <label htmlFor="approval-comment">Comment (kept in the audit trail)</label>
                  <input
                    id="approval-comment"
                    value={comment}
                    maxLength={1000}
                    onChange={(e) => setComment(e.target.value)}
                  />
                </div>
                <div className="button-row">
                  {(['approve', 'reject'] as const).map((decision) => (
                    <Button
                      key={decision}
                      variant={decision === 'approve' ? 'primary' : 'danger'}
                      disabled={!comment.trim()}
                      busy={decide.isPending}
                      onClick={() =>
                        decide.mutate(
                          { runId: r.id, decision, comment: comment.trim() },
                          {
                            onSuccess: () => (
                              setSaid(`${r.sourceKey}: ${decision === 'approve' ? 'approved' : 'rejected'}.`),
                              setComment('')
                            ),
                          },
                        )
                      }
                    >
                      {decision === 'approve' ? 'Approve' : 'Reject'}
                    </Button>
                  ))}
                </div>
                <ErrorAlert error={decide.error} title="Not decided" />
              </form>
            )}
          </div>
        ))}
    </>
  );
}
