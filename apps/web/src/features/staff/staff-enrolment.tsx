import { ErrorAlert, Loading } from '../../components/ui/alert';
import { useStaffEnrolment } from './use-staff';

/** The secret inside an otpauth:// URI, grouped in fours, for apps that cannot scan. */
function secretOf(otpauthUri: string): string {
  const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * First staff sign-in: scan the QR code into an authenticator app. The factor becomes active only
 * once the code the app then shows is entered below it (the caller's form).
 */
export function StaffEnrolment() {
  const enrolment = useStaffEnrolment(true);
  if (enrolment.isPending) return <Loading what="your authenticator set-up" />;
  if (enrolment.isError) return <ErrorAlert error={enrolment.error} title="Could not start the set-up" />;
  return (
    <div className="enrolment">
      <p>
        Your account has no authenticator yet. Scan this code with an authenticator app (for example 1Password, Google
        Authenticator or Microsoft Authenticator), then enter the 6-digit code it shows.
      </p>
      <img
        src={enrolment.data.qrCodeDataUrl}
        width={200}
        height={200}
        alt="QR code to scan with your authenticator app"
      />
      <details>
        <summary>Cannot scan? Enter the key by hand</summary>
        <p>
          Key (time-based, 6 digits, every 30 seconds): <code>{secretOf(enrolment.data.otpauthUri)}</code>
        </p>
      </details>
    </div>
  );
}
