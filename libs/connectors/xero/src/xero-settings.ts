import { AppConfig } from '#lb/config';
import { RateLimits } from './rate-limit/rate-limiter';

/** The connector's view of the environment (see docs/connectors/xero.md for each variable). */
export interface XeroSettings {
  clientId: string;
  clientSecret: string;
  webhookKey: string;
  identityUrl: string;
  /** Plain-http identity URLs (the local sandbox) are accepted outside production only. */
  allowHttpIdentity: boolean;
  apiUrl: string;
  redirectUri: string;
  scopes: string[];
  limits: RateLimits;
  callTimeoutMs: number;
  /** Xero seconds per real second: token lifetimes and windows are divided by it. */
  clockScale: number;
  keepAliveDays: number;
  /** Records per write batch the batch writer fills to (XERO_BATCH_SIZE; default and most: 50). */
  batchSize?: number;
}

export function xeroSettingsFrom(config: AppConfig): XeroSettings {
  const trim = (u: string) => u.replace(/\/+$/, '');
  return {
    clientId: config.XERO_CLIENT_ID,
    clientSecret: config.XERO_CLIENT_SECRET,
    webhookKey: config.XERO_WEBHOOK_KEY,
    identityUrl: trim(config.XERO_IDENTITY_URL),
    allowHttpIdentity: config.APP_ENV !== 'production',
    apiUrl: trim(config.XERO_API_URL),
    redirectUri: config.XERO_REDIRECT_URI || `${trim(config.PUBLIC_URL)}/api/xero/callback`,
    scopes: config.XERO_SCOPES.split(' ').filter(Boolean),
    callTimeoutMs: config.XERO_CALL_TIMEOUT_MS,
    clockScale: config.XERO_CLOCK_SCALE,
    keepAliveDays: config.XERO_KEEPALIVE_DAYS,
    batchSize: config.XERO_BATCH_SIZE,
    limits: {
      minute: config.XERO_MINUTE_LIMIT,
      day: config.XERO_DAY_LIMIT,
      concurrency: config.XERO_CONCURRENCY_LIMIT,
      appMinute: config.XERO_APP_MINUTE_LIMIT,
      clockScale: config.XERO_CLOCK_SCALE,
      leaseMs: config.XERO_CALL_TIMEOUT_MS + 5_000,
      arrivalMarginMs: config.XERO_ARRIVAL_MARGIN_MS,
    },
  };
}
