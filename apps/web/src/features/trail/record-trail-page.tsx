import { Link, useParams } from 'react-router';
import type { RecordEventView } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page, Section, StatusBadge } from '../../components/ui/page';
import { formatDateTime } from '../../lib/format';
import { responseLine } from './run-page';
import { runPath, runsPath, useRecordTrail } from './use-trail';

function Payload({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="trail-payload">
      <h4>{label}</h4>
      <pre className="code" tabIndex={0} aria-label={label}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

function TrailEvent({ integrationId, e }: { integrationId: string; e: RecordEventView }) {
  return (
    <li className="trail-event" data-testid={`trail-${e.event}`}>
      <p>
        <StatusBadge status={e.event} /> {formatDateTime(e.at)} · {e.flowKey} · {e.direction}
        {e.intake && ` · from ${e.intake}`}
        {e.runId && (
          <>
            {' · '}
            <Link to={runPath(integrationId, e.runId)}>run</Link>
          </>
        )}
      </p>
      {e.response && <p>{responseLine(e)}</p>}
      {(e.before || e.after) && (
        <div className="trail-payloads">
          <Payload label={`Before mapping (source ${e.sourceKey})`} value={e.before} />
          <Payload label="After mapping (sent to the target)" value={e.after} />
        </div>
      )}
    </li>
  );
}

/** Every event of one record, oldest first: intake, mapping (before and after), the target's answer. */
export function RecordTrailPage() {
  const { integrationId = '', recordKey = '' } = useParams();
  const trail = useRecordTrail(integrationId, recordKey);
  return (
    <Page
      title={`Record ${recordKey}`}
      lead={
        <>
          Bank and tax numbers are masked. <Link to={runsPath(integrationId)}>All runs</Link>
        </>
      }
    >
      {trail.isPending && <Loading what="the record trail" />}
      <ErrorAlert error={trail.error} title="No trail for this record" />
      {trail.data && (
        <Section title="Timeline" id="trail-timeline">
          <ol className="trail-timeline">
            {trail.data.map((e) => (
              <TrailEvent key={e.id} integrationId={integrationId} e={e} />
            ))}
          </ol>
        </Section>
      )}
    </Page>
  );
}
