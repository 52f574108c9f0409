import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { takeOrRefuse, ThrottleWords } from '../support/redis-throttle';

/** Per client address, every BI request (right key or not): a guesser is slowed before any lookup. */
export const REPORTING_PER_ADDRESS = { points: 600, duration: 60 };
/**
 * Per reporting key: a BI refresh reads a few views a few pages deep; a tool looping on a whole-view
 * CSV would otherwise keep a PostgreSQL backend busy for every other user of the tenant.
 */
export const REPORTING_PER_KEY = { points: 120, duration: 60 };

const WORDS: ThrottleWords = {
  name: 'reporting',
  tooMany: 'Too many reporting requests; retry after a minute',
  unavailable: 'Reporting is unavailable for a moment; retry shortly',
};

/** Reporting rate limits, in Redis so every api process shares them; Redis unreachable → 503, never unthrottled. */
export class ReportingThrottle {
  private readonly logger = new Logger(ReportingThrottle.name);
  private readonly address: RateLimiterRedis;
  private readonly key: RateLimiterRedis;

  constructor(redis: Redis) {
    const common = { storeClient: redis, rejectIfRedisNotReady: true };
    this.address = new RateLimiterRedis({ ...common, keyPrefix: 'lb:reporting:address', ...REPORTING_PER_ADDRESS });
    this.key = new RateLimiterRedis({ ...common, keyPrefix: 'lb:reporting:key', ...REPORTING_PER_KEY });
  }

  takeForAddress(address: string, res: Response): Promise<void> {
    return this.take(this.address, address, res);
  }

  /** Counted by the key's id, never the key itself. */
  takeForKey(keyId: string, res: Response): Promise<void> {
    return this.take(this.key, keyId, res);
  }

  private take(limiter: RateLimiterRedis, id: string, res: Response): Promise<void> {
    return takeOrRefuse([[limiter, id]], res, WORDS, this.logger);
  }
}
