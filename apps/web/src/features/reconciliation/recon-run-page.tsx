import { Link, useParams } from 'react-router';
import type { ReconRunView } from '../../api/types';
import { Alert, ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { useDownload } from '../../lib/download';
import { formatDateTime, plural } from '../../lib/format';
import { useMember } from '../session/use-session';
import { DifferencesTable } from './differences-table';
import { LedgerSection } from './ledger-section';
import { CLASS_DESCRIPTION, CLASS_LABEL, differenceTotal, RUN_STATE_LABEL, runStateTone } from './recon-labels';
import { isUnderway, reconBase, reconPagePath, useReconRun } from './use-reconciliation';

function RunFacts({ run }: { run: ReconRunView }) {
  return (
    <dl className="facts" data-testid="recon-run-facts">
      <dt>State</dt>
      <dd>
        <StatusBadge status={runStateTone(run.state)} label={RUN_STATE_LABEL[run.state]} />
      </dd>
      <dt>As of</dt>
      <dd>{run.asOf}</dd>
      {run.state === 'done' && (
        <>
          <dt>Compared</dt>
          <dd>{plural(run.counts.compared ?? 0, 'record')}</dd>
          <dt>Differences</dt>
          <dd data-testid="recon-run-differences">{differenceTotal(run.counts)}</dd>
        </>
      )}
      <dt>Requested</dt>
      <dd>{formatDateTime(run.createdAt)}</dd>
      <dt>Finished</dt>
      <dd>{formatDateTime(run.finishedAt)}</dd>
    </dl>
  );
}

function Downloads({ integrationId, runId }: { integrationId: string; runId: string }) {
  const download = useDownload();
  const file = (name: string) => `${reconBase(integrationId)}/runs/${encodeURIComponent(runId)}/${name}`;
  return (
    <>
      <div className="button-row">
        <Button
          busy={download.isPending && download.variables === file('differences.csv')}
          onClick={() => download.mutate(file('differences.csv'))}
        >
          Download CSV
        </Button>
        <Button
          busy={download.isPending && download.variables === file('report.pdf')}
          onClick={() => download.mutate(file('report.pdf'))}
        >
          Download PDF report
        </Button>
      </div>
      <ErrorAlert error={download.error} title="The download failed" />
      <LiveStatus message={download.data && `Downloaded ${download.data}.`} />
    </>
  );
}

/** One run: what it compared, and its differences grouped by class, each with its cause and fix. */
export function ReconRunPage() {
  const { integrationId = '', runId = '' } = useParams();
  const { canEdit } = useMember();
  const detail = useReconRun(integrationId, runId);
  const run = detail.data?.run;
  return (
    <Page title="Reconciliation run" lead={<Link to={reconPagePath(integrationId)}>All reconciliations</Link>}>
      {!canEdit && (
        <ReadOnlyNote>
          You have view-only access: only owners and admins approve or dismiss fixes. Ask one of them to act on a
          difference.
        </ReadOnlyNote>
      )}
      {detail.isPending && <Loading what="the reconciliation" />}
      <ErrorAlert error={detail.error} title="The reconciliation could not be loaded" />
      {run && detail.data && (
        <>
          <Section title={`As of ${run.asOf}`} id="recon-run-heading">
            <RunFacts run={run} />
            {isUnderway(run) && (
              <p className="loading" role="status">
                <span className="spinner" aria-hidden="true" /> Comparing Sage X3 with Xero; this page updates when it
                is done.
              </p>
            )}
            {run.state === 'failed' && (
              <Alert tone="error" title="This run failed">
                {run.failure ?? 'No reason was recorded.'} {canEdit && 'Run the reconciliation again once it is fixed.'}
              </Alert>
            )}
            {run.state === 'done' && <Downloads integrationId={integrationId} runId={runId} />}
          </Section>
          {run.state === 'done' && detail.data.groups.length === 0 && (
            <Alert tone="success" title="Both ledgers agree">
              Sage X3 and Xero hold the same {plural(run.counts.compared ?? 0, 'record')} as of {run.asOf}: nothing to
              fix.
            </Alert>
          )}
          {run.state === 'done' && (
            <Section title="General ledger" id="recon-ledger-heading">
              <LedgerSection ledger={detail.data.ledger} integrationId={integrationId} />
            </Section>
          )}
          {detail.data.groups.map((g) => (
            <Section
              key={g.differenceClass}
              title={`${CLASS_LABEL[g.differenceClass]} (${g.count})`}
              id={`recon-class-${g.differenceClass}`}
              description={
                <>
                  {CLASS_DESCRIPTION[g.differenceClass]}
                  {g.count > g.differences.length &&
                    ` The first ${g.differences.length} are listed here; the CSV has all ${g.count}.`}
                </>
              }
            >
              <DifferencesTable integrationId={integrationId} runId={runId} group={g} canEdit={canEdit} />
            </Section>
          ))}
        </>
      )}
    </Page>
  );
}
