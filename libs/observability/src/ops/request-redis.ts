import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '#lb/config';

/**
 * The Redis client that request paths (health, the workers' heartbeat) read through. Bull's own
 * clients queue commands while disconnected and retry them, which is right for jobs and wrong for
 * a request someone is waiting on: this one fails fast instead and reconnects on its own.
 */
export const REQUEST_REDIS = Symbol('REQUEST_REDIS');

/** The longest one Redis command on a request path may take: health answers within ~2 s. */
export const REQUEST_REDIS_COMMAND_MS = 1_500;

export function requestRedisOptions(): RedisOptions {
  return {
    // A host that does not answer at all (black-holed) fails the connection attempt.
    connectTimeout: 2_000,
    // A server that hangs with the connection open (paused, stopped) fails the command.
    commandTimeout: REQUEST_REDIS_COMMAND_MS,
    // Commands lost with their connection fail instead of being re-sent after a reconnect.
    maxRetriesPerRequest: 0,
    // While disconnected a command fails at once; nothing waits for the connection to return.
    enableOfflineQueue: false,
    // Keep reconnecting, at most 2 s apart, so request paths recover on their own.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
}

/** Rejects with `what` named once `ms` pass; the timer never outlives the work. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The first connection is awaited (bounded) so the first health check after start-up is honest. */
async function connectRequestRedis(config: AppConfig): Promise<Redis> {
  const logger = new Logger('RequestRedis');
  const client = new Redis(config.REDIS_URL, { ...requestRedisOptions(), lazyConnect: true });
  let lost = false;
  // Errors are reported by the health checks that meet them; log only the transitions.
  client.on('error', () => undefined);
  client.on('close', () => {
    if (!lost) logger.warn('Redis connection lost; request paths answer without it until it returns');
    lost = true;
  });
  client.on('ready', () => {
    if (lost) logger.log('Redis connection back');
    lost = false;
  });
  // Start-up's preflight already proved Redis answers; a failure here is left to the health checks.
  await withDeadline(client.connect(), 5_000, 'Redis').catch(() => undefined);
  return client;
}

@Injectable()
class RequestRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REQUEST_REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

export const REQUEST_REDIS_PROVIDERS: Provider[] = [
  { provide: REQUEST_REDIS, useFactory: connectRequestRedis, inject: [APP_CONFIG] },
  RequestRedisCloser,
];
