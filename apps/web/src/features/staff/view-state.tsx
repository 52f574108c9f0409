import { ReactNode } from 'react';
import { Alert, ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ApiError } from '../../lib/api-client';

/** A 403 means the grant ended (expired or revoked): offer to state a reason again. */
export function ExpiredOr({ error, onExpired }: { error: unknown; onExpired: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert tone="warning" title="Your access has ended">
        {error.message}{' '}
        <Button variant="link" onClick={onExpired}>
          State a reason again
        </Button>
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="Could not load this view" />;
}

/** Loading, the ended-grant or error alert, or the view itself. */
export function ViewState<T>({
  q,
  what,
  onExpired,
  children,
}: {
  q: { isPending: boolean; error: unknown; data: T | undefined };
  what: string;
  onExpired: () => void;
  children: (data: T) => ReactNode;
}) {
  if (q.isPending) return <Loading what={what} />;
  if (q.error || q.data === undefined) return <ExpiredOr error={q.error} onExpired={onExpired} />;
  return <>{children(q.data)}</>;
}
