import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, ErrorAlert, Loading } from '../../components/ui/alert';
import { Page } from '../../components/ui/page';
import { ApiError } from '../../lib/api-client';
import { invitationErrorText } from '../../lib/redirect-errors';
import { acceptInvitation } from '../invitations/use-invitations';
import { SESSION_KEY } from '../session/use-session';

type State =
  | { kind: 'working' }
  | { kind: 'missing' }
  | { kind: 'redirecting' }
  | { kind: 'joined' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'refused'; text: string };

/** A refusal the api names by code gets our own words; anything else its message. */
function failed(error: unknown): State {
  const text = error instanceof ApiError ? invitationErrorText(error.code) : null;
  return text ? { kind: 'refused', text } : { kind: 'failed', error };
}

/**
 * `/invitations/accept#token=...`: the token sits in the fragment, so it never reaches a server log
 * or a Referer. We read it, take it out of the address bar, and hand it to the api.
 * `/invitations/accept?error=<code>`: Sign in with Xero came back, but the invitation was refused
 * (the person is signed in to their own organisation); only our text for the code is shown.
 */
export function InvitationAcceptPage() {
  const [params] = useSearchParams();
  // Read once, on the first render: the effect below takes the token out of the address bar.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token'));
  const [refusal] = useState(() => invitationErrorText(params.get('error')));
  const [state, setState] = useState<State>(
    refusal ? { kind: 'refused', text: refusal } : token ? { kind: 'working' } : { kind: 'missing' },
  );
  const started = useRef(false);
  const navigate = useNavigate();
  const client = useQueryClient();
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (refusal) return;
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
      (error) => setState(failed(error)),
    );
  }, [client, navigate, refusal, token]);

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
      {state.kind === 'refused' && (
        <>
          <Alert tone="error" title="The invitation was not accepted">
            {state.text}
          </Alert>
          <p>
            Ask whoever invited you for a new invitation if you need one. <Link to="/">Continue to Ledgerbridge</Link>
          </p>
        </>
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
