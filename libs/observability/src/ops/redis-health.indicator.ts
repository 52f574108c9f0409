import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { REQUEST_REDIS, REQUEST_REDIS_COMMAND_MS, withDeadline } from './request-redis';

/**
 * Redis is reachable when it answers PING in time. Through the fail-fast client: a Redis that is
 * gone fails at once, one that hangs within the command timeout, and neither leaves a backlog.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(REQUEST_REDIS) private readonly redis: Redis,
  ) {}

  async isHealthy(key = 'redis', timeoutMs = REQUEST_REDIS_COMMAND_MS + 500) {
    const indicator = this.health.check(key);
    try {
      const pong = await withDeadline(this.redis.ping(), timeoutMs, 'Redis');
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected reply to PING' });
    } catch (error) {
      return indicator.down({ message: describe(error as Error) });
    }
  }
}

/** ioredis's own wording is about its internals; say what it means for the reader of /health. */
function describe(error: Error): string {
  if (/enableOfflineQueue|Connection is closed|ECONNREFUSED/.test(error.message)) return 'Redis is not connected';
  if (/timed out/i.test(error.message)) return 'Redis did not answer in time';
  return error.message;
}
