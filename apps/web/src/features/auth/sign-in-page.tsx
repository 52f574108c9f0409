import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { SignInWithXero } from '../../components/ui/xero-buttons';
import { abandonPendingChange } from '../../lib/reauth';
import { signInErrorText } from '../../lib/redirect-errors';
import { signInUrl, signUpUrl, useSession } from '../session/use-session';

/** Only paths on this site: never `//host` or a full URL (the api checks again). */
export function safePath(value: string | null, fallback = '/'): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}

export function SignInPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const returnTo = safePath(params.get('returnTo'));
  // Only our own words for the api's code: text in the address is never shown.
  const error = signInErrorText(params.get('error'));
  // Back from a confirmation with Xero that did not finish: the change waiting on it is dropped.
  const [abandoned] = useState(() => (error ? abandonPendingChange() : undefined));
  if (session.data?.signedIn && !error) return <Navigate to={returnTo} replace />;
  if (session.data?.signedIn && abandoned) {
    return (
      <div className="sign-in">
        <h1>The change was cancelled</h1>
        <Alert tone="warning" title="Nothing was changed">
          To {abandoned.what}, Ledgerbridge needs you to confirm it is you with Xero, and that did not finish. You are
          still signed in.
        </Alert>
        <p>
          <Link to={safePath(abandoned.path)}>Go back and try again</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="sign-in">
      <h1>Keep Sage X3 and Xero in step</h1>
      <p className="lead">
        Customers, suppliers, products, orders, invoices, bills, payments, journals and stock move between your ERP and
        your Xero organisation, both ways, without re-keying.
      </p>
      <section className="card sign-in-card" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Sign in</h2>
        {error && (
          <Alert tone="error" title="Sign-in did not complete">
            {error} Try again; if it keeps happening, contact support.
          </Alert>
        )}
        <p>
          Use your Xero login. The first time, this creates your Ledgerbridge account and organisation; you can invite
          your colleagues afterwards.
        </p>
        <SignInWithXero href={signInUrl(returnTo)} />
        <p className="hint">You will be taken to Xero to log in and then brought back here.</p>
      </section>
      <section className="card sign-in-card" aria-labelledby="sign-up-heading">
        <h2 id="sign-up-heading">New to Ledgerbridge?</h2>
        <p>
          Sign up with your Xero login and choose the Xero organisation to connect, in one step at Xero. You then
          continue the set-up with Sage X3.
        </p>
        <SignInWithXero href={signUpUrl()} label="Sign up with Xero" />
      </section>
      <p className="footnote">
        <Link to="/staff/sign-in">Ledgerbridge support staff sign-in</Link>
      </p>
    </div>
  );
}
