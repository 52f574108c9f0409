import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { plural } from '../../lib/format';

/** Xero sends the browser back with `?connected=N&refused=<msg>`: say what happened, then tidy the address. */
export function ConnectResult() {
  const [params, setParams] = useSearchParams();
  const [shown, setShown] = useState<{ connected: number | null; refused: string | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    const connected = params.get('connected');
    const refused = params.get('refused');
    const error = params.get('error');
    if (connected === null && refused === null && error === null) return;
    setShown({ connected: connected === null ? null : Number(connected), refused, error });
    const next = new URLSearchParams(params);
    next.delete('connected');
    next.delete('refused');
    next.delete('error');
    setParams(next, { replace: true });
  }, [params, setParams]);
  if (!shown) return null;
  return (
    <>
      {shown.connected !== null && shown.connected > 0 && (
        <Alert tone="success">Connected {plural(shown.connected, 'Xero organisation')}.</Alert>
      )}
      {shown.connected === 0 && !shown.refused && !shown.error && (
        <Alert tone="warning">No Xero organisation was connected.</Alert>
      )}
      {shown.refused && (
        <Alert tone="error" title="Xero connection refused">
          {shown.refused}
        </Alert>
      )}
      {shown.error && (
        <Alert tone="error" title="Connecting to Xero did not complete">
          {shown.error}
        </Alert>
      )}
    </>
  );
}
