import * as OTPAuth from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
/** Codes one step either side of now are accepted (clock drift); each step at most once. */
export const TOTP_WINDOW = 1;

/** Staff TOTP secrets are not tenant secrets: bound to the staff row instead. */
export const TOTP_BINDING = (staffId: string) => ({ tenantId: 'staff', rowId: staffId, purpose: 'staff.totp' });

export function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Ledgerbridge Support',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export const newTotpSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32;

/** The time step a code belongs to, or null when it is not a current code. */
export function matchingStep(totp: OTPAuth.TOTP, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.validate({ token: code, window: TOTP_WINDOW, timestamp: now });
  return delta === null ? null : Math.floor(now / (TOTP_PERIOD_SECONDS * 1000)) + delta;
}
