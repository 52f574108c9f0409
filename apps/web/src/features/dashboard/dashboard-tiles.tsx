import { Link } from 'react-router';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import type { DashboardView } from './use-dashboard';
import { recordsPath } from './records-link';

type Flow = DashboardView['flows'][number];

/** Seconds as the largest whole units a reader takes in at a glance: 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function formatLag(seconds: number | null): string {
  if (seconds === null) return 'none waiting';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function Tile({ label, value, figure, to }: { label: string; value: string | number; figure: string; to?: string }) {
  return (
    <div className="dashboard-tile">
      <dt>{label}</dt>
      <dd data-figure={figure}>{to ? <Link to={to}>{value}</Link> : value}</dd>
    </div>
  );
}

/** The period's and the present's headline figures; the failure counts open the records behind them. */
export function SummaryTiles({ data, integrationId }: { data: DashboardView; integrationId: string }) {
  const sum = (f: (x: Flow) => number) => data.flows.reduce((a, x) => a + f(x), 0);
  const period = { from: data.from, to: data.to };
  const worstLag = Math.max(-1, ...data.flows.map((f) => f.lagSeconds ?? -1));
  return (
    <dl className="dashboard-tiles">
      <Tile label="Synced in the period" figure="synced" value={data.range.done} />
      <Tile
        label="Failed in the period"
        figure="failed"
        value={data.range.dead}
        to={recordsPath(integrationId, { status: 'dead', ...period })}
      />
      <Tile
        label="Held for an accountant"
        figure="held"
        value={sum((f) => f.held)}
        to={recordsPath(integrationId, { status: 'held' })}
      />
      <Tile
        label="Open dead letters"
        figure="dead-letters"
        value={sum((f) => f.dead)}
        to={`/flows?integration=${encodeURIComponent(integrationId)}`}
      />
      <Tile
        label="Records waiting"
        figure="waiting"
        value={sum((f) => f.waiting)}
        to={recordsPath(integrationId, { status: 'waiting' })}
      />
      <Tile label="Queue (open changes)" figure="queue" value={sum((f) => f.open)} />
      <Tile label="Longest lag" figure="lag" value={formatLag(worstLag < 0 ? null : worstLag)} />
    </dl>
  );
}

/** Per flow: lag (age of the oldest open change), its queue, waits, failures and last activity. */
export function FlowTiles({ data, integrationId }: { data: DashboardView; integrationId: string }) {
  const jobs = (flowKey: string) => {
    if (!data.drainJobs.available) return 'unavailable';
    const j = data.drainJobs.flows.find((f) => f.flowKey === flowKey);
    if (!j || j.waiting + j.delayed + j.active === 0) return 'none';
    return [j.active && `${j.active} running`, j.waiting && `${j.waiting} queued`, j.delayed && `${j.delayed} later`]
      .filter(Boolean)
      .join(', ');
  };
  return (
    <Table<Flow>
      caption="Flows at a glance"
      rows={data.flows}
      rowKey={(f) => f.flowKey}
      rowTestId={(f) => `flow-tile-${f.flowKey}`}
      empty="No flows yet."
      columns={[
        { header: 'Flow', cell: (f) => f.flowKey },
        { header: 'Lag', cell: (f) => formatLag(f.lagSeconds) },
        { header: 'Open', cell: (f) => f.open },
        {
          header: 'Waiting',
          cell: (f) =>
            f.waiting ? (
              <Link to={recordsPath(integrationId, { flow: f.flowKey, status: 'waiting' })}>{f.waiting}</Link>
            ) : (
              0
            ),
        },
        {
          header: 'Dead letters',
          cell: (f) =>
            f.dead ? <Link to={recordsPath(integrationId, { flow: f.flowKey, status: 'dead' })}>{f.dead}</Link> : 0,
        },
        { header: 'Held', cell: (f) => f.held },
        { header: 'Drain jobs', cell: (f) => jobs(f.flowKey) },
        { header: 'Last run', cell: (f) => formatDateTime(f.lastSettledAt) },
        { header: 'Last poll', cell: (f) => formatDateTime(f.lastPolledAt ?? f.lastPollQueuedAt) },
      ]}
    />
  );
}

/** The organisation's Xero budget: used and left of the minute and of the rolling 24 h. */
export function XeroBudgetTile({ budget }: { budget: DashboardView['xeroBudget'] }) {
  if (!budget.available || !budget.minute || !budget.day) {
    return (
      <p role="status" data-figure="budget-unavailable">
        Xero budget for {budget.name || 'the organisation'} cannot be read just now.
      </p>
    );
  }
  return (
    <dl className="dashboard-tiles" data-connection={budget.connectionId}>
      <Tile
        label={`${budget.name}: calls this minute`}
        figure="minute"
        value={`${budget.minute.used} used, ${budget.minute.left} of ${budget.minute.limit} left`}
      />
      <Tile
        label={`${budget.name}: calls, last 24 hours`}
        figure="day"
        value={`${budget.day.used} used, ${budget.day.left} of ${budget.day.limit} left`}
      />
    </dl>
  );
}
