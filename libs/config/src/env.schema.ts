import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

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

  /** Directory of the built SPA the api serves; empty disables serving it. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** Dev-only: allow outbound calls to private/loopback addresses (the local sandboxes). */
  @ValidateIf((env: EnvSchema) => env.APP_ENV === 'production')
  @IsIn(['false'], { message: 'ALLOW_PRIVATE_TARGETS must be false in production' })
  ALLOW_PRIVATE_TARGETS = 'false';
}
