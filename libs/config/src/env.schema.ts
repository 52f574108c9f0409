import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const DB_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const REDIS_URL = /^rediss?:\/\/[^\s]+$/;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable the api and the worker read. docs/operations.md lists each with its
 * default; keep the two in step.
 */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  APP_ENV: 'development' | 'test' | 'production' = 'production';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** The address users reach the product at; used for redirects, cookies and OAuth callbacks. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  /** Runtime role: not superuser, not owner, not BYPASSRLS. */
  @Matches(DB_URL, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  @Matches(REDIS_URL, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string;

  /** Key ring for secrets at rest: comma-separated `keyId:base64(32 bytes)`. */
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'SECRETS_KEYS must be comma-separated keyId:base64 entries of 32-byte keys',
  })
  SECRETS_KEYS: string;

  /** The key id new ciphertexts are written under; must be one of SECRETS_KEYS. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'SECRETS_ACTIVE_KEY_ID must name a key of SECRETS_KEYS' })
  SECRETS_ACTIVE_KEY_ID: string;

  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET: string;

  /** Bearer token for /metrics; metrics are never public. */
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest JSON/form body the api accepts. */
  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 4mb' })
  BODY_LIMIT = '1mb';

  /** Worker: its internal health and metrics port (no public HTTP). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT = 3100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WORKER_CONCURRENCY = 5;

  /**
   * Worker: whether it runs the sync sweep ('off' for a worker on a Redis of its own over a shared
   * database: its sweep would claim every tenant's due polls and drains for a queue no other
   * worker reads).
   */
  @IsIn(['on', 'off'])
  SYNC_SWEEP: 'on' | 'off' = 'on';

  /** Worker: at most this many sync drains of one tenant run at once, across all workers. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  SYNC_TENANT_DRAINS = 2;

  /**
   * Worker: how long a drain holds a part batch for records about to be released (ms; 0: never);
   * a backfill's (an initial load's) five times as long.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30_000)
  SYNC_BATCH_FILL_MS = 2_000;

  /** Directory of the built SPA the api serves; empty disables serving it. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** The Xero/X3 sandbox for try mode ("Try with the sandbox"); unset disables try mode. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  SANDBOX_URL?: string;

  /** Days a deleted tenant's data is kept (for an owner who changes their mind) before it is purged. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  TENANT_PURGE_AFTER_DAYS = 30;

  /** Days record-trail events, drain runs and dead-letter payloads are kept (libs/sync/src/trail). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  LB_TRAIL_RETENTION_DAYS = 90;

  /** Dev-only: allow outbound calls to private/loopback addresses (the local sandboxes). */
  @ValidateIf((env: EnvSchema) => env.APP_ENV === 'production')
  @IsIn(['false'], { message: 'ALLOW_PRIVATE_TARGETS must be false in production' })
  ALLOW_PRIVATE_TARGETS = 'false';

  // ---- Xero connector (docs/connectors/xero.md) ----
  /** OAuth client of the Xero app of this environment; empty disables connecting Xero. */
  @IsString()
  XERO_CLIENT_ID = '';

  @IsString()
  XERO_CLIENT_SECRET = '';

  /** Webhook signing key shown on the app's Webhooks page; empty refuses every delivery. */
  @IsString()
  XERO_WEBHOOK_KEY = '';

  /** OIDC issuer (discovery, token, revocation); the sandbox's /xero/identity-style URL in dev. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  XERO_IDENTITY_URL = 'https://identity.xero.com';

  /** Base of /connections and /api.xro/2.0. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  XERO_API_URL = 'https://api.xero.com';

  /** OAuth redirect URI registered on the Xero app; empty means PUBLIC_URL + /api/xero/callback. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  XERO_REDIRECT_URI?: string;

  @Matches(/^[a-z._]+( [a-z._]+)*$/, { message: 'XERO_SCOPES must be space-separated scope names' })
  XERO_SCOPES =
    'openid profile email offline_access accounting.contacts accounting.settings accounting.invoices accounting.payments accounting.banktransactions accounting.manualjournals accounting.reports.aged.read accounting.reports.trialbalance.read';

  /** Calls per organisation per rolling day: 5000, or 1000 on the Starter tier. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  XERO_DAY_LIMIT = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  XERO_MINUTE_LIMIT = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  XERO_CONCURRENCY_LIMIT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  XERO_APP_MINUTE_LIMIT = 10000;

  /**
   * Records per Xero write batch, at most Xero's 50. Below 50 every call carries fewer records (a
   * smaller day's reach): for diagnosis and the bench harness's deliberately broken build.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  XERO_BATCH_SIZE = 50;

  /** Deadline of every call to Xero (the SDK sets none). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  XERO_CALL_TIMEOUT_MS = 30000;

  /** Real ms after admission by which a request has surely reached Xero; its minute-window entry is stamped then. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  XERO_ARRIVAL_MARGIN_MS = 500;

  /** Xero seconds per real second: 1 against Xero; the sandbox's SANDBOX_CLOCK_SCALE against it. */
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber()
  @Min(0.001)
  XERO_CLOCK_SCALE = 1;

  /** The app's Xero pricing tier: what the cost meter forecasts egress against (docs/operations.md). */
  @IsIn(['starter', 'core', 'plus', 'advanced', 'enterprise'])
  XERO_APP_TIER = 'core';

  /** Included egress per month in GB, overriding the tier's (set it for Enterprise); empty = the tier's. */
  @IsOptional()
  @Matches(/^\d{1,7}(\.\d{1,3})?$/, { message: 'XERO_TIER_EGRESS_GB must be a decimal number of GB' })
  XERO_TIER_EGRESS_GB?: string;

  /** Xero's egress overage price, AUD per GB (decimal text). */
  @Matches(/^\d{1,5}(\.\d{1,4})?$/, { message: 'XERO_EGRESS_AUD_PER_GB must be a decimal amount' })
  XERO_EGRESS_AUD_PER_GB = '2.40';

  /** Fair use per plan: plan=callsPerDay/MBPerMonth, comma separated. */
  @Matches(/^[a-z][a-z0-9-]*=\d+\/\d+(,[a-z][a-z0-9-]*=\d+\/\d+)*$/, {
    message: 'LB_PLAN_ALLOWANCES must be plan=callsPerDay/MBPerMonth[,…]',
  })
  LB_PLAN_ALLOWANCES = 'standard=2500/2000';

  /** The plan every tenant is on until tenants carry a plan of their own. */
  @Matches(/^[a-z][a-z0-9-]*$/)
  LB_DEFAULT_PLAN = 'standard';

  // ---- Billing (docs/billing.md) ----
  /** Stripe secret key (sk_…); empty: checkout and the portal answer 503, the trial still runs. */
  @IsString()
  STRIPE_SECRET_KEY = '';

  /** The webhook endpoint's signing secret (whsec_…); empty refuses every delivery. */
  @IsString()
  STRIPE_WEBHOOK_SECRET = '';

  /** Where the Stripe client connects (the sandbox in development and tests); unset = Stripe itself. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  STRIPE_API_URL?: string;

  /** Days of the trial (Growth entitlements) from sign-up. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  BILLING_TRIAL_DAYS = 14;

  /** Days a past-due subscription keeps syncing before flows pause. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  BILLING_GRACE_DAYS = 7;

  /** Deadline of every call to Stripe. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  STRIPE_CALL_TIMEOUT_MS = 10000;

  /** Idle grants are refreshed once their last refresh is this many (Xero) days old (< 60). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(59)
  XERO_KEEPALIVE_DAYS = 45;
}
