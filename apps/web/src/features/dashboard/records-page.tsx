import { FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page } from '../../components/ui/page';
import { Table } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { trailPath } from './records-link';
import { RecordFilters, RecordRowView, useRecords } from './use-dashboard';

const STATUSES = ['', 'open', 'pending', 'claimed', 'waiting', 'held', 'done', 'dead'];
const FILTERS: Array<keyof RecordFilters> = ['entity', 'status', 'flow', 'from', 'to', 'key'];

/** The records behind a dashboard count: filters in the query string, newest change first, more on demand. */
export function RecordsPage() {
  const { integrationId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const filters: RecordFilters = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const records = useRecords(integrationId, filters);
  const rows = records.data?.pages.flatMap((p) => p.records) ?? [];

  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams(params);
    for (const k of ['key', 'status', 'entity'] as const) {
      const raw = form.get(k);
      const v = typeof raw === 'string' ? raw.trim() : '';
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  return (
    <Page title="Records" lead="Changes of this integration, newest first. Open one to see its trail.">
      <p>
        <Link to={`/?integration=${encodeURIComponent(integrationId)}`}>Back to the dashboard</Link>
      </p>
      <form className="records-filters" onSubmit={search} key={params.toString()}>
        <div className="field">
          <label htmlFor="records-key">Record key</label>
          <input id="records-key" name="key" defaultValue={filters.key ?? ''} placeholder="SOHNUM, InvoiceNumber …" />
        </div>
        <div className="field">
          <label htmlFor="records-status">Status</label>
          <select id="records-status" name="status" defaultValue={filters.status ?? ''}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="records-entity">Entity</label>
          <input
            id="records-entity"
            name="entity"
            defaultValue={filters.entity ?? ''}
            placeholder="customer, invoice …"
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {(filters.from || filters.to) && (
        <p className="section-description">
          Changed between {formatDateTime(filters.from ?? null)} and {formatDateTime(filters.to ?? null)}.
        </p>
      )}
      {records.isPending && <Loading what="records" />}
      {records.error && <ErrorAlert error={records.error} title="Records could not be loaded" />}
      {records.data && (
        <Table<RecordRowView>
          caption="Records"
          rows={rows}
          rowKey={(r) => r.id}
          rowTestId={(r) => `record-${r.sourceKey}`}
          empty="No records match these filters."
          columns={[
            {
              header: 'Record',
              cell: (r) => <Link to={trailPath(integrationId, r)}>{r.recordKey ?? r.sourceKey}</Link>,
            },
            { header: 'Entity', cell: (r) => r.entity },
            { header: 'Flow', cell: (r) => r.flowKey },
            {
              header: 'Status',
              cell: (r) =>
                r.state === 'dead' ? (
                  <Link to={`/flows?integration=${encodeURIComponent(integrationId)}`}>dead letter</Link>
                ) : (
                  [r.state, r.action].filter(Boolean).join(': ')
                ),
            },
            {
              header: 'Messages',
              cell: (r) =>
                [...r.messages, r.waitingOn && `waiting on ${r.waitingOn}`].filter(Boolean).join('; ') || '—',
            },
            { header: 'Changed', cell: (r) => formatDateTime(r.updatedAt) },
          ]}
        />
      )}
      {records.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={records.isFetchingNextPage}
          onClick={() => void records.fetchNextPage()}
        >
          {records.isFetchingNextPage ? 'Loading…' : 'More'}
        </button>
      )}
    </Page>
  );
}
