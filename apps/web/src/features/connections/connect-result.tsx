import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { plural } from '../../lib/format';
import { connectErrorText, refusedText } from '../../lib/redirect-errors';

const RESULT_PARAMS = ['connected', 'refused', 'error'];

interface Shown {
  connected: number | null;
  refused: string | null;
  error: string | null;
}

/** What the address says happened; texts come from our own list, never from the address. */
function readResult(params: URLSearchParams): Shown | null {
  if (!RESULT_PARAMS.some((name) => params.has(name))) return null;
  const connected = params.get('connected');
  return {
    connected: connected !== null && /^\d{1,3}$/.test(connected) ? Number(connected) : null,
    refused: refusedText(params.get('refused')),
    error: connectErrorText(params.get('error')),
  };
}

/** Xero sends the browser back with `?connected=N&refused=N` or `?error=<code>`: say what happened, then tidy the address. */
export function ConnectResult() {
  const [params, setParams] = useSearchParams();
  // Read once, when the browser lands: the effect below removes the parameters from the address.
  const [shown] = useState(() => readResult(params));
  useEffect(() => {
    if (!RESULT_PARAMS.some((name) => params.has(name))) return;
    const next = new URLSearchParams(params);
    for (const name of RESULT_PARAMS) next.delete(name);
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
