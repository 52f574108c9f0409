import { FormEvent, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ErrorAlert, Loading } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { TextField } from '../../components/ui/field';
import { Page } from '../../components/ui/page';
import { useSession } from '../session/use-session';
import { StaffEnrolment } from './staff-enrolment';
import { useStaffPassword, useStaffTotp } from './use-staff';

/**
 * Support staff: their own account, password then a TOTP code; at the first sign-in the code
 * confirms a newly scanned authenticator. Never a customer's Xero login.
 */
export function StaffSignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const password = useStaffPassword();
  const totp = useStaffTotp();
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (session.isPending) return <Loading what="your session" />;
  if (session.data?.staff?.mfaComplete) return <Navigate to="/staff" replace />;
  const needsCode = Boolean(session.data?.staff && !session.data.staff.mfaComplete);
  const enrolling = Boolean(session.data?.staff?.enrolmentRequired);

  const onPassword = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) found.email = 'Enter your staff email address';
    if (!secret) found.password = 'Enter your password';
    setErrors(found);
    if (Object.keys(found).length === 0)
      password.mutate({ email: email.trim(), password: secret }, { onSuccess: () => setSecret('') });
  };
  const onCode = (e: FormEvent) => {
    e.preventDefault();
    const clean = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(clean)) return setErrors({ code: 'Enter the 6 digits from your authenticator app' });
    setErrors({});
    totp.mutate(clean, { onSuccess: () => void navigate('/staff', { replace: true }), onError: () => setCode('') });
  };
  return (
    <Page title="Support staff sign-in" lead="For Ledgerbridge support staff only. Customers sign in with Xero.">
      <section className="card narrow" aria-labelledby="staff-step">
        {!needsCode ? (
          <>
            <h2 id="staff-step">Step 1 of 2: password</h2>
            <form className="form" onSubmit={onPassword} noValidate aria-label="Staff password">
              <TextField
                label="Email address"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={errors.email}
                required
              />
              <TextField
                label="Password"
                type="password"
                autoComplete="current-password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                error={errors.password}
                required
              />
              <ErrorAlert error={password.error} title="Not signed in" />
              <div className="actions">
                <Button type="submit" variant="primary" busy={password.isPending}>
                  Continue
                </Button>
              </div>
            </form>
          </>
        ) : (
          <>
            <h2 id="staff-step">
              {enrolling ? 'Step 2 of 2: set up your authenticator' : 'Step 2 of 2: authenticator code'}
            </h2>
            {enrolling ? (
              <StaffEnrolment />
            ) : (
              <p>Signed in as {session.data?.staff?.email}. Enter the current code from your authenticator app.</p>
            )}
            <form className="form" onSubmit={onCode} noValidate aria-label="Authenticator code">
              <TextField
                label="6-digit code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={7}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                error={errors.code}
                required
                autoFocus
              />
              <ErrorAlert error={totp.error} title="Not signed in" />
              <div className="actions">
                <Button type="submit" variant="primary" busy={totp.isPending}>
                  {enrolling ? 'Confirm and sign in' : 'Verify'}
                </Button>
              </div>
            </form>
          </>
        )}
      </section>
    </Page>
  );
}
