import { JobOptions, QueueOptions } from 'bull';
import type { RedisOptions } from 'ioredis';

export const JITTERED_BACKOFF = 'jittered-exponential';

/** Exponential backoff with full jitter, so retries of many tenants do not arrive in step. */
export function jitteredExponentialDelay(attemptsMade: number, baseMs = 2_000, capMs = 10 * 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 6,
  backoff: { type: JITTERED_BACKOFF },
  // Completed jobs are evidence only briefly; failed ones stay for inspection and replay.
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};

/**
 * Sync jobs are deduplicated by jobId (one drain per flow waiting at a time), so a finished job must
 * leave Redis at once or it would swallow the next trigger. Their state lives in PostgreSQL
 * (pending changes, cursors); a failed drain is logged and metered, and the sweep starts it again.
 */
export const SYNC_JOB_OPTIONS: JobOptions = {
  attempts: 3,
  backoff: { type: JITTERED_BACKOFF },
  removeOnComplete: true,
  removeOnFail: true,
  // A drain whose worker stalls past this is failed and retried: one tenant cannot hold a slot forever.
  timeout: 5 * 60_000,
};

/** Settings shared by producers and consumers (Bull needs both sides to agree). */
export const QUEUE_SETTINGS: QueueOptions['settings'] = {
  backoffStrategies: { [JITTERED_BACKOFF]: (attemptsMade: number) => jitteredExponentialDelay(attemptsMade) },
  stalledInterval: 30_000,
  maxStalledCount: 2,
};

/** Bull reconnects at most this far apart, so queues resume within seconds of Redis returning. */
export const BULL_RECONNECT_CAP_MS = 2_000;

/**
 * ioredis options for Bull's connections, from REDIS_URL. Bull itself gives its blocking clients
 * (bclient, subscriber) maxRetriesPerRequest null and enableReadyCheck false, as they need; their
 * commands and the workers' job bookkeeping are left to wait through a blip. What we change is
 * reconnection: Bull's default (e^attempt ms, up to 20 s) would leave a queue disconnected for up to
 * 20 s after a long outage ends. Request paths never wait on these clients (see libs/observability's
 * request-redis.ts and the outbox relay's bounded add). Parsed here rather than by Bull so that
 * rediss:// gets TLS, which Bull's own URL parsing drops.
 */
export function bullRedisOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    connectTimeout: 5_000,
    retryStrategy: (attempt: number) => Math.min(attempt * 250, BULL_RECONNECT_CAP_MS),
  };
}
