import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, Loading, LiveStatus, ReadOnlyNote } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { useDownload } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { WithIntegration } from '../integrations/integration-picker';
import { useMember } from '../session/use-session';
import { countsLine, lastMonthUtc, RUN_STATE_LABEL, runStateTone, todayUtc } from './recon-labels';
import { ReportingSection } from './reporting-section';
import { ScheduleSection } from './schedule-section';
import { LedgerSettingsSection } from './ledger-settings-section';
import { reconBase, reconRunPath, useReconRuns, useStartRun } from './use-reconciliation';

/** Reconciliation of an integration: run one as of a date, the runs, the month-end pack, the schedule. */
export function ReconciliationPage() {
  const { canEdit } = useMember();
  return (
    <Page
      title="Reconciliation"
      lead="Proves Sage X3 and Xero agree as of a date: every difference with its likely cause and a fix to approve."
    >
      {!canEdit && (
        <ReadOnlyNote>
          You have view-only access: you can read runs and download reports, but only owners and admins run
          reconciliations and decide fixes.
        </ReadOnlyNote>
      )}
      <WithIntegration>{(id) => <IntegrationReconciliation integrationId={id} canEdit={canEdit} />}</WithIntegration>
      <Section
        title="Reporting access (BI tools)"
        id="reporting-heading"
        description="Power BI, Excel or any BI tool can read this organisation's sync runs, reconciliations, anomalies and usage as read-only views, with a reporting key sent as a bearer token."
      >
        <ReportingSection canEdit={canEdit} />
      </Section>
    </Page>
  );
}

function IntegrationReconciliation({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  return (
    <>
      {canEdit && (
        <Section title="Run a reconciliation" id="recon-start-heading">
          <StartRunForm integrationId={integrationId} />
        </Section>
      )}
      <Section title="Runs" id="recon-runs-heading">
        <RunsTable integrationId={integrationId} canEdit={canEdit} />
      </Section>
      <Section
        title="Month-end pack"
        id="recon-pack-heading"
        description="One zip of the month end's latest finished run: the differences as CSV, the PDF report, a summary and, when the run compared the general ledger, both trial balances as CSV."
      >
        <MonthEndPack integrationId={integrationId} />
      </Section>
      <Section title="Schedule" id="recon-schedule-heading">
        <ScheduleSection integrationId={integrationId} canEdit={canEdit} />
      </Section>
      <Section
        title="Ledger settings"
        id="recon-ledger-settings-heading"
        description="The general ledger is compared account by account through the mapping's account lookups, from the day both ledgers hold the same postings."
      >
        <LedgerSettingsSection integrationId={integrationId} canEdit={canEdit} />
      </Section>
    </>
  );
}

function StartRunForm({ integrationId }: { integrationId: string }) {
  const [asOf, setAsOf] = useState(todayUtc);
  const start = useStartRun(integrationId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(asOf || undefined);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Run a reconciliation">
      <TextField
        label="As of"
        type="date"
        value={asOf}
        max={todayUtc()}
        hint="Documents dated up to this day (UTC) are compared."
        onChange={(e) => setAsOf(e.target.value)}
      />
      <Button type="submit" variant="primary" busy={start.isPending}>
        Run reconciliation
      </Button>
      <ErrorAlert error={start.error} title="The reconciliation was not started" />
      <LiveStatus
        message={
          start.data && `Reconciliation as of ${start.data.asOf} queued: it shows below and updates when it is done.`
        }
      />
    </form>
  );
}

function RunsTable({ integrationId, canEdit }: { integrationId: string; canEdit: boolean }) {
  const runs = useReconRuns(integrationId);
  if (runs.isPending) return <Loading what="reconciliation runs" />;
  if (runs.error) return <ErrorAlert error={runs.error} title="Reconciliation runs could not be loaded" />;
  return (
    <Table
      caption="Reconciliation runs, newest first"
      rows={runs.data}
      rowKey={(r) => r.id}
      rowTestId={(r) => `recon-run-${r.id}`}
      empty={
        canEdit
          ? 'No reconciliations yet: run one above, as of a month end, to see where Sage X3 and Xero differ.'
          : 'No reconciliations yet: ask an owner or admin to run one, or to set a schedule.'
      }
      columns={[
        {
          header: 'As of',
          cell: (r) => (
            <Link to={reconRunPath(integrationId, r.id)} aria-label={`Reconciliation as of ${r.asOf}, ${r.state}`}>
              {r.asOf}
            </Link>
          ),
        },
        {
          header: 'State',
          cell: (r) => <StatusBadge status={runStateTone(r.state)} label={RUN_STATE_LABEL[r.state]} />,
        },
        { header: 'Compared', cell: (r) => (r.state === 'done' ? String(r.counts.compared ?? 0) : '—') },
        {
          header: 'Differences',
          cell: (r) => (r.state === 'done' ? countsLine(r.counts) : r.state === 'failed' ? r.failure : '—'),
        },
        { header: 'Requested', cell: (r) => formatDateTime(r.createdAt) },
        { header: 'Finished', cell: (r) => formatDateTime(r.finishedAt) },
      ]}
    />
  );
}

function MonthEndPack({ integrationId }: { integrationId: string }) {
  const [month, setMonth] = useState(lastMonthUtc);
  const download = useDownload();
  return (
    <div className="inline-form">
      <TextField
        label="Month"
        type="month"
        value={month}
        data-view-control
        onChange={(e) => setMonth(e.target.value)}
      />
      <Button
        busy={download.isPending}
        disabled={!/^\d{4}-\d{2}$/.test(month)}
        onClick={() => download.mutate(`${reconBase(integrationId)}/month-end-pack?${new URLSearchParams({ month })}`)}
      >
        Download month-end pack
      </Button>
      <ErrorAlert error={download.error} title="No month-end pack" />
      <LiveStatus message={download.data && `Downloaded ${download.data}.`} />
    </div>
  );
}
