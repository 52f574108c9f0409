import { useSystemStatus } from './use-system-status';
import { useWorkersStatus } from './use-workers-status';

const LABELS: Record<string, string> = { database: 'Database', redis: 'Queues (Redis)' };

export function SystemStatus() {
  const { data, isPending, error } = useSystemStatus();
  const workers = useWorkersStatus();
  if (isPending) return <p aria-live="polite">Checking the service…</p>;
  if (error) return <p role="alert">The service cannot be reached: {error.message}</p>;
  return (
    <section aria-labelledby="status-heading" className="card">
      <h2 id="status-heading">Service status: {data.status === 'ok' ? 'all systems up' : 'degraded'}</h2>
      <ul className="checks">
        {Object.entries(data.details ?? {}).map(([name, check]) => (
          <li key={name} data-check={name} data-status={check.status}>
            <span className={`dot dot-${check.status}`} aria-hidden="true" />
            {LABELS[name] ?? name}:{' '}
            {check.status === 'up' ? 'up' : `down (${typeof check.message === 'string' ? check.message : 'no answer'})`}
          </li>
        ))}
        {workers.data && (
          <li data-check="workers" data-status={workers.data.status}>
            <span className={`dot dot-${workers.data.status}`} aria-hidden="true" />
            Background workers:{' '}
            {workers.data.lastJobAt
              ? `${workers.data.status} (last job ${workers.data.ageSeconds} s ago)`
              : 'down (no worker has run a job yet)'}
          </li>
        )}
      </ul>
    </section>
  );
}
