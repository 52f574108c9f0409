import { X3ConfigurationError } from './errors/x3-errors';

export type X3Auth =
  | { kind: 'jwt'; clientId: string; secret: string; user: string; audience?: string; ttlSeconds?: number }
  | { kind: 'basic'; user: string; password: string };

/** Everything needed to reach one X3 folder. Secrets arrive decrypted; the caller stores them encrypted. */
export interface X3ConnectionSettings {
  /** e.g. https://x3.customer.com:8124 (no path; /xtrem/api is added). */
  baseUrl: string;
  /** The X3 endpoint (folder) name sent as x-xtrem-endpoint, e.g. SEED. */
  endpoint: string;
  /** Company codes (CPY) to sync; empty means all companies of the folder. */
  companies: string[];
  auth: X3Auth;
  tls?: {
    /** PEM of a private CA, for on-premise servers with self-signed certificates. */
    caPem?: string;
  };
  transport?: 'graphql' | 'soap' | 'rest';
  /** Parallel calls to this folder (X3's web-service pool is small). Default 4. */
  maxConcurrency?: number;
  /** Deadline per HTTP call in ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** Development only: allow loopback and private addresses (the local sandbox). */
  allowPrivateTargets?: boolean;
  /** Attempts at a read that meets a server fault (HTTP 500, "Unexpected error") before it is permanent. Default 4. */
  readAttempts?: number;
  /** First backoff step between those attempts, in ms, doubling each time (with jitter). Default 500. */
  retryBaseDelayMs?: number;
}

export interface ResolvedSettings extends X3ConnectionSettings {
  maxConcurrency: number;
  requestTimeoutMs: number;
  readAttempts: number;
  retryBaseDelayMs: number;
  transport: 'graphql' | 'soap' | 'rest';
}

export function resolveSettings(settings: X3ConnectionSettings): ResolvedSettings {
  let url: URL;
  try {
    url = new URL(settings.baseUrl);
  } catch {
    throw new X3ConfigurationError(`Invalid X3 base URL: ${settings.baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new X3ConfigurationError('X3 base URL must be http(s)');
  if (url.username || url.password) throw new X3ConfigurationError('X3 base URL must not carry credentials');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(settings.endpoint ?? ''))
    throw new X3ConfigurationError('X3 endpoint (folder) name is invalid');
  if (settings.auth?.kind === 'jwt' && (!settings.auth.clientId || !settings.auth.secret || !settings.auth.user)) {
    throw new X3ConfigurationError('JWT auth needs client id, secret and user');
  }
  if (settings.auth?.kind === 'basic' && !settings.auth.user) throw new X3ConfigurationError('Basic auth needs a user');
  if (!settings.auth) throw new X3ConfigurationError('X3 auth is missing');
  const maxConcurrency = settings.maxConcurrency ?? 4;
  const requestTimeoutMs = settings.requestTimeoutMs ?? 30_000;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 64)
    throw new X3ConfigurationError('maxConcurrency must be 1..64');
  if (!(requestTimeoutMs >= 100 && requestTimeoutMs <= 600_000))
    throw new X3ConfigurationError('requestTimeoutMs must be 100..600000');
  const readAttempts = settings.readAttempts ?? 4;
  const retryBaseDelayMs = settings.retryBaseDelayMs ?? 500;
  if (!Number.isInteger(readAttempts) || readAttempts < 1 || readAttempts > 10)
    throw new X3ConfigurationError('readAttempts must be 1..10');
  if (!(retryBaseDelayMs >= 0 && retryBaseDelayMs <= 60_000))
    throw new X3ConfigurationError('retryBaseDelayMs must be 0..60000');
  return {
    ...settings,
    baseUrl: url.toString().replace(/\/+$/, ''),
    maxConcurrency,
    requestTimeoutMs,
    readAttempts,
    retryBaseDelayMs,
    transport: settings.transport ?? 'graphql',
  };
}
