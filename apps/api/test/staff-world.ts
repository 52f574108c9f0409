// Staff accounts and sign-in as the staff page drives it: password, then enrolment or a code.
import * as OTPAuth from 'otpauth';
import { DataSource } from 'typeorm';
import { StaffService } from '#lb/accounts';
import { KeyRing, SecretBox } from '#lb/crypto';
import { CookieBrowser, requireEnv } from '#lb/testing';

export const STAFF_PASSWORD = 'correct horse battery staple';

export function staffService(ds: DataSource): StaffService {
  return new StaffService(
    ds,
    new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
  );
}

export const uniqueStaffEmail = (prefix = 'support') =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@ledgerbridge.test`;

/** A staff HTTP client: cookies, the CSRF header, and a client address (behind our one trusted proxy). */
export class StaffClient {
  constructor(
    private readonly apiUrl: string,
    private readonly address = '198.51.100.10',
    /** Share one to act as parallel connections of the same session. */
    readonly browser = new CookieBrowser(),
  ) {}

  async session() {
    const res = await this.browser.go(`${this.apiUrl}/api/auth/session`, { headers: this.headers() });
    return JSON.parse(res.text) as {
      csrfToken: string;
      staff?: { email: string; mfaComplete: boolean; enrolmentRequired: boolean };
    };
  }

  async post(path: string, json: unknown) {
    const { csrfToken } = await this.session();
    const res = await this.browser.go(`${this.apiUrl}${path}`, {
      method: 'POST',
      json,
      headers: { ...this.headers(), 'x-csrf-token': csrfToken },
    });
    return { status: res.status, body: res.text ? (JSON.parse(res.text) as Record<string, unknown>) : undefined, res };
  }

  async get(path: string) {
    const res = await this.browser.go(`${this.apiUrl}${path}`, { headers: this.headers() });
    return { status: res.status, body: res.text ? (JSON.parse(res.text) as Record<string, unknown>) : undefined };
  }

  password(email: string, password = STAFF_PASSWORD) {
    return this.post('/api/staff/login', { email, password });
  }

  code(code: string) {
    return this.post('/api/staff/login/totp', { code });
  }

  /** First sign-in: password, the enrolment QR's secret, and a code that confirms it. */
  async enrol(email: string, password = STAFF_PASSWORD): Promise<OTPAuth.TOTP> {
    expect((await this.password(email, password)).status).toBe(204);
    const offered = await this.get('/api/staff/login/enrolment');
    expect(offered.status).toBe(200);
    const totp = OTPAuth.URI.parse(String(offered.body!.otpauthUri)) as OTPAuth.TOTP;
    expect((await this.code(totp.generate())).status).toBe(204);
    return totp;
  }

  private headers(): Record<string, string> {
    return { 'x-forwarded-for': this.address };
  }
}

/** A code of the next time step: accepted now (one step of drift), and not yet used. */
export const nextCode = (totp: OTPAuth.TOTP) => totp.generate({ timestamp: Date.now() + totp.period * 1000 });
