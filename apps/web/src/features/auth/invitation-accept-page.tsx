import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, ErrorAlert, Loading } from '../../components/ui/alert';
import { Page } from '../../components/ui/page';
import { acceptInvitation } from '../invitations/use-invitations';
import { SESSION_KEY } from '../session/use-session';

type State =
  | { kind: 'working' }
  | { kind: 'missing' }
  | { kind: 'redirecting' }
  | { kind: 'joined' }
  | { kind: 'failed'; error: unknown };

/**
 * `/invitations/accept#token=...`: the token sits in the fragment, so it never reaches a server log
 * or a Referer. We read it, take it out of the address bar, and hand it to the api.
 */
export function InvitationAcceptPage() {
  // Read once, on the first render: the effect below takes the token out of the address bar.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token'));
  const [state, setState] = useState<State>(token ? { kind: 'working' } : { kind: 'missing' });
  const started = useRef(false);
  const navigate = useNavigate();
  const client = useQueryClient();
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    window.history.replaceState(null, '', window.location.pathname);
    if (!token) return;
    acceptInvitation(token).then(
      async (result) => {
        if (!result.joined && result.next && result.next.startsWith('/') && !result.next.startsWith('//')) {
          setState({ kind: 'redirecting' });
          window.location.assign(result.next);
          return;
        }
        setState({ kind: 'joined' });
        await client.invalidateQueries({ queryKey: SESSION_KEY });
        client.removeQueries({ queryKey: ['tenant'] });
        await navigate('/', { replace: true });
      },
      (error) => setState({ kind: 'failed', error }),
    );
  }, [client, navigate, token]);

  return (
    <Page title="Accept your invitation">
      {state.kind === 'working' && <Loading what="your invitation" />}
      {state.kind === 'redirecting' && (
        <Alert tone="info">Taking you to Xero to sign in; you will join the organisation when you come back.</Alert>
      )}
      {state.kind === 'joined' && <Alert tone="success">You have joined the organisation.</Alert>}
      {state.kind === 'missing' && (
        <Alert tone="error" title="This link is incomplete">
          The invitation link has no token. Open the link from your invitation email again, or ask for a new invitation.
        </Alert>
      )}
      {state.kind === 'failed' && (
        <>
          <ErrorAlert error={state.error} title="The invitation could not be accepted" />
          <p>
            Ask whoever invited you for a new invitation, or <Link to="/sign-in">sign in</Link> if you already belong to
            the organisation.
          </p>
        </>
      )}
    </Page>
  );
}
