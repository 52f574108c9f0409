// `npm run smoke:xero-live` settings. The run needs the operator's own Xero app; without it, it
// stops before starting anything and says what to set (docs/operations.md, "Live smoke against a
// Xero Demo Company").
import type { StarterRegion } from '#lb/mapping';

export interface LiveConfig {
  clientId: string;
  clientSecret: string;
  /** Registered on the operator's Xero app; a loopback http URL ending /api/auth/xero/callback. */
  redirectUri: string;
  /** Where the api's Sign in with Xero sends the browser back: the redirect URI's origin. */
  publicUrl: string;
  /** The loopback port the consent comes back to. */
  callbackPort: number;
  region: StarterRegion;
  /** X3 invoices pushed to Xero (each with a new customer). */
  records: number;
  consentMinutes: number;
  /** Writing to an organisation that is not a Demo Company needs this on purpose. */
  allowAnyOrganisation: boolean;
}

type Env = Record<string, string | undefined>;

export const LIVE_ENV = {
  clientId: 'XERO_LIVE_CLIENT_ID',
  clientSecret: 'XERO_LIVE_CLIENT_SECRET',
  redirectUri: 'XERO_LIVE_REDIRECT_URI',
} as const;

const REGIONS: StarterRegion[] = ['NZ', 'AU', 'UK', 'US'];
const CALLBACK_PATH = '/api/auth/xero/callback';

export class LiveConfigError extends Error {}

/** The settings, or a LiveConfigError naming every missing or wrong variable. */
export function liveConfig(env: Env): LiveConfig {
  const problems: string[] = [];
  const need = (name: string) => {
    const v = (env[name] ?? '').trim();
    if (!v) problems.push(`${name} is not set`);
    return v;
  };
  const clientId = need(LIVE_ENV.clientId);
  const clientSecret = need(LIVE_ENV.clientSecret);
  const redirectUri = need(LIVE_ENV.redirectUri);
  let publicUrl = '';
  let callbackPort = 0;
  if (redirectUri) {
    let url: URL | undefined;
    try {
      url = new URL(redirectUri);
    } catch {
      problems.push(`${LIVE_ENV.redirectUri}=${redirectUri} is not a URL`);
    }
    if (url) {
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'http:' || !loopback || !url.port || url.pathname !== CALLBACK_PATH || url.search)
        problems.push(
          `${LIVE_ENV.redirectUri}=${redirectUri} must be http://localhost:<port>${CALLBACK_PATH} (a loopback address with an explicit port, registered on your Xero app)`,
        );
      publicUrl = url.origin;
      callbackPort = Number(url.port);
    }
  }
  const region = (env.XERO_LIVE_REGION ?? 'NZ').toUpperCase() as StarterRegion;
  if (!REGIONS.includes(region))
    problems.push(
      `XERO_LIVE_REGION=${env.XERO_LIVE_REGION} must be one of ${REGIONS.join(', ')} (the Demo Company's country)`,
    );
  const records = Number(env.XERO_LIVE_RECORDS ?? 5);
  if (!Number.isInteger(records) || records < 1 || records > 20)
    problems.push(`XERO_LIVE_RECORDS=${env.XERO_LIVE_RECORDS} must be an integer from 1 to 20`);
  const consentMinutes = Number(env.XERO_LIVE_CONSENT_MINUTES ?? 10);
  if (!Number.isFinite(consentMinutes) || consentMinutes <= 0 || consentMinutes > 60)
    problems.push(`XERO_LIVE_CONSENT_MINUTES=${env.XERO_LIVE_CONSENT_MINUTES} must be minutes from above 0 to 60`);
  if (problems.length)
    throw new LiveConfigError(
      [
        'smoke:xero-live needs your own Xero app (https://developer.xero.com/app/manage, a "Web app"):',
        ...problems.map((p) => `  - ${p}`),
        'See docs/operations.md, "Live smoke against a Xero Demo Company".',
      ].join('\n'),
    );
  return {
    clientId,
    clientSecret,
    redirectUri,
    publicUrl,
    callbackPort,
    region,
    records,
    consentMinutes,
    allowAnyOrganisation: env.XERO_LIVE_ALLOW_ANY_ORG === '1',
  };
}

/** Xero names every demo organisation "Demo Company (<country>)"; the smoke writes to nothing else unless told. */
export function isDemoCompany(name: string): boolean {
  return /^Demo Company \([A-Za-z .]+\)$/.test(name.trim());
}
