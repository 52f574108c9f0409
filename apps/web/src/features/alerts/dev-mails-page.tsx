import { useQuery } from '@tanstack/react-query';
import type { DevMailView } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Page } from '../../components/ui/page';
import { apiGet } from '../../lib/api-client';
import { formatDateTime } from '../../lib/format';
import { useMember } from '../session/use-session';

/** Development only (the api answers 404 in production): the mails the outbox would have sent. */
export function DevMailsPage() {
  const { tenant } = useMember();
  const mails = useQuery({
    queryKey: ['tenant', tenant.id, 'dev-mails'],
    queryFn: () => apiGet<DevMailView[]>('/api/dev/mails'),
  });
  return (
    <Page title="Mail viewer" lead="Development only: the emails (alerts, invitations) that would have been sent.">
      {mails.isPending && <Loading what="mails" />}
      <ErrorAlert error={mails.error} title="The mail viewer is not available" />
      {mails.data?.length === 0 && <p className="empty">No mail queued.</p>}
      {mails.data?.map((m) => (
        <article key={m.id} className="card nested" aria-label={m.subject}>
          <h3>{m.subject}</h3>
          <p>
            To {m.to} · queued {formatDateTime(m.queuedAt)}
            {m.sentAt ? ` · sent ${formatDateTime(m.sentAt)}` : ''}
          </p>
          <pre>{m.body}</pre>
        </article>
      ))}
    </Page>
  );
}
