// Xero-specific sandbox settings. Values Xero documents are defaults; values Xero has not
// confirmed (header values for concurrency/app limits, idempotency lifetime) are settings so the
// connector cannot come to depend on them.
import { SandboxConfig } from '../sandbox-config';

export interface PreRegisteredApp {
  clientId: string;
  clientSecret: string;
  name?: string;
  redirectUris: string[];
  webhookUrl?: string;
  webhookKey?: string;
  /** Where the sandbox's App Store listing sends "Get this app" (Sign up with Xero). */
  signUpUrl?: string;
}

export interface XeroSettings {
  /** Apps registered at start (SANDBOX_XERO_APPS, a JSON array). */
  apps: PreRegisteredApp[];
  /** Calls per organisation per app per rolling day: 5000, or 1000 on the Starter tier. */
  dayLimit: number;
  minuteLimit: number;
  concurrentLimit: number;
  appMinuteLimit: number;
  /** X-Rate-Limit-Problem values for the limits Xero has not documented. */
  concurrentProblem: string;
  appMinuteProblem: string;
  /** How long an Idempotency-Key is remembered (sandbox seconds). */
  idempotencyTtlSeconds: number;
  /** Try-mode organisations: how many a demo user may hold, and their lifetime in days. */
  tryOrgQuota: number;
  tryOrgDays: number;
  /** Webhook: reply deadline and retry horizon, in sandbox seconds. */
  webhookTimeoutSeconds: number;
  webhookRetryHorizonSeconds: number;
  /** Password every seeded demo user signs in with. */
  demoPassword: string;
}

export type XeroConfig = SandboxConfig & { xero?: Partial<XeroSettings> };

export function loadXeroSettings(config: XeroConfig, env: NodeJS.ProcessEnv = process.env): XeroSettings {
  const dayEnv = env.SANDBOX_XERO_DAY_LIMIT;
  const dayLimit = dayEnv === 'starter' ? 1000 : Number(dayEnv ?? 5000);
  let apps: PreRegisteredApp[] = [];
  if (env.SANDBOX_XERO_APPS) {
    try {
      apps = JSON.parse(env.SANDBOX_XERO_APPS) as PreRegisteredApp[];
    } catch {
      throw new Error('SANDBOX_XERO_APPS must be a JSON array of {clientId, clientSecret, redirectUris}');
    }
  }
  return {
    apps,
    dayLimit: Number.isFinite(dayLimit) && dayLimit > 0 ? dayLimit : 5000,
    // lowered only for a small bench run whose ceiling scales with it (bench/README.md)
    minuteLimit: Number(env.SANDBOX_XERO_MINUTE_LIMIT) > 0 ? Math.floor(Number(env.SANDBOX_XERO_MINUTE_LIMIT)) : 60,
    concurrentLimit: 5,
    appMinuteLimit: 10000,
    concurrentProblem: 'concurrent',
    appMinuteProblem: 'appminute',
    idempotencyTtlSeconds: 24 * 3600,
    tryOrgQuota: 3,
    tryOrgDays: 30,
    webhookTimeoutSeconds: 5,
    webhookRetryHorizonSeconds: 24 * 3600,
    demoPassword: env.SANDBOX_XERO_DEMO_PASSWORD ?? 'sandbox',
    ...config.xero,
  };
}
