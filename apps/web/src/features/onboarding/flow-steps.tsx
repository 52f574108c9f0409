import { useState } from 'react';
import type { FlowOverview, MatchingView } from '../../api/types';
import { Alert, ErrorAlert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Table } from '../../components/ui/table';
import { reauthOnError, useReplayAfterReauth } from '../../lib/reauth';
import {
  useConfirmMatching,
  useEnableFlows,
  useFlowsDryRun,
  useInstallStarter,
  useRunMatching,
} from '../flows/use-flows';

const label = (f: FlowOverview) =>
  `${f.flowKey} (${f.direction === 'x3-to-xero' ? 'X3 → Xero' : f.direction === 'xero-to-x3' ? 'Xero → X3' : 'both ways'})`;

/** Step 5: install the region's starter templates (all off), then choose which will go live. */
export function StarterFlowsStep({
  integrationId,
  flows,
  picked,
  onPick,
  canEdit,
}: {
  integrationId: string;
  flows: FlowOverview[];
  picked: Set<string>;
  onPick: (next: Set<string>) => void;
  canEdit: boolean;
}) {
  const install = useInstallStarter(integrationId);
  if (!flows.length) {
    return (
      <>
        <p>Choose which records move and in which direction, from ready-made flows for your region.</p>
        <Button variant="primary" disabled={!canEdit} busy={install.isPending} onClick={() => install.mutate()}>
          Pick starter flows
        </Button>
        <ErrorAlert error={install.error} title="The starter flows were not installed" />
      </>
    );
  }
  return (
    <fieldset className="flow-picks" disabled={!canEdit}>
      <legend>Flows to switch on after the dry run</legend>
      {flows.map((f) => (
        <label key={f.flowKey} className="check">
          <input
            type="checkbox"
            checked={picked.has(f.flowKey) || f.enabled}
            disabled={f.enabled}
            onChange={(e) => {
              const next = new Set(picked);
              if (e.target.checked) next.add(f.flowKey);
              else next.delete(f.flowKey);
              onPick(next);
            }}
          />{' '}
          {label(f)}
          {f.enabled ? ' — live' : ''}
        </label>
      ))}
    </fieldset>
  );
}

/** What the live flows have moved so far, refreshed as the records go. */
function LiveFlows({ flows }: { flows: FlowOverview[] }) {
  return (
    <Table
      caption="Live flows"
      rows={flows}
      rowKey={(f) => f.flowKey}
      rowTestId={(f) => `live-flow-${f.flowKey}`}
      empty=""
      columns={[
        { header: 'Flow', cell: label },
        { header: 'Moved', cell: (f) => <span data-testid="moved">{f.counts.done}</span> },
        { header: 'On the way', cell: (f) => String(f.counts.pending + f.counts.claimed) },
        { header: 'Waiting', cell: (f) => String(f.counts.waiting) },
        { header: 'Failed', cell: (f) => String(f.counts.dead) },
      ]}
    />
  );
}

function MatchSummary({ matching }: { matching: MatchingView }) {
  const rows = Object.entries(matching.counts ?? {}) as Array<[string, Record<string, number>]>;
  return (
    <Table
      caption="Existing Xero records matched"
      rows={rows}
      rowKey={([entity]) => entity}
      empty="Nothing in Xero to match."
      columns={[
        { header: 'Records', cell: ([entity]: [string, Record<string, number>]) => entity },
        ...['x3', 'xero', 'matched', 'ambiguous', 'unmatched'].map((k) => ({
          header: k,
          cell: ([, c]: [string, Record<string, number>]) => String(c[k] ?? 0),
        })),
      ]}
    />
  );
}

/** Step 6: match what Xero already holds, dry-run each picked flow, confirm the matches and go live. */
export function FirstDryRunStep({
  integrationId,
  flows,
  picked,
  canEdit,
}: {
  integrationId: string;
  flows: FlowOverview[];
  picked: Set<string>;
  canEdit: boolean;
}) {
  const matching = useRunMatching(integrationId);
  const dryRun = useFlowsDryRun(integrationId);
  const confirm = useConfirmMatching(integrationId);
  const enable = useEnableFlows(integrationId);
  const [status, setStatus] = useState<string>();
  const chosen = flows.filter((f) => picked.has(f.flowKey) && !f.enabled);
  const goLive = (keys: string[]) =>
    enable.mutate(keys, {
      onSuccess: () =>
        setStatus(`Live: ${keys.length} flow${keys.length === 1 ? '' : 's'} switched on. Records start moving now.`),
      onError: (error) => void reauthOnError('go-live', error, keys),
    });
  useReplayAfterReauth<string[]>('go-live', goLive);

  const start = async () => {
    setStatus(undefined);
    const run = await matching.mutateAsync();
    const entities = [...new Set(chosen.filter((f) => f.direction !== 'xero-to-x3').map((f) => f.entity))];
    await dryRun.mutateAsync(entities);
    setStatus(
      `Matched ${run.proposals.length} existing Xero record${run.proposals.length === 1 ? '' : 's'}; dry run done.`,
    );
  };
  return (
    <>
      <p>See, for real records, what each flow would create or update before it goes live. Nothing is written.</p>
      <Button
        variant="primary"
        disabled={!canEdit || !chosen.length}
        busy={matching.isPending || dryRun.isPending}
        onClick={() => void start().catch(() => undefined)}
      >
        Start a dry run
      </Button>
      {flows.some((f) => f.enabled) && <LiveFlows flows={flows.filter((f) => f.enabled)} />}
      <ErrorAlert error={matching.error} title="Matching did not run" />
      {status && <Alert tone="success">{status}</Alert>}
      {matching.data && <MatchSummary matching={matching.data} />}
      {dryRun.data && (
        <Table
          caption="Dry run per flow"
          rows={dryRun.data}
          rowKey={(r) => r.entity}
          rowTestId={(r) => `first-dry-run-${r.entity}`}
          empty=""
          columns={[
            { header: 'Records', cell: (r) => r.entity },
            {
              header: 'Would',
              cell: (r) =>
                r.run
                  ? `${r.run.counts.create} create · ${r.run.counts.update} update · ${r.run.counts.skip} skip · ${r.run.counts.invalid} invalid · ${r.run.counts.waiting} waiting`
                  : `Could not run: ${r.error}`,
            },
          ]}
        />
      )}
      {matching.data && dryRun.data && (
        <div className="button-row">
          {!matching.data.confirmed && !confirm.data?.confirmed && (
            <Button busy={confirm.isPending} onClick={() => confirm.mutate(matching.data.runId ?? '')}>
              Confirm the matches
            </Button>
          )}
          <Button
            variant="primary"
            disabled={!(matching.data.confirmed || confirm.data?.confirmed)}
            busy={enable.isPending}
            onClick={() => goLive(chosen.map((f) => f.flowKey))}
          >
            Go live
          </Button>
        </div>
      )}
      <ErrorAlert error={confirm.error} title="The matches were not confirmed" />
      <ErrorAlert error={enable.error} title="Not every flow was switched on" />
    </>
  );
}
