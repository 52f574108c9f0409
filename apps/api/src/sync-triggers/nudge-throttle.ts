import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { takeOrRefuse, ThrottleWords } from '../support/redis-throttle';

/** Per client address, every nudge (right token or not): a guesser is slowed before any lookup. */
export const NUDGES_PER_ADDRESS = { points: 120, duration: 60 };
/** Per integration, accepted nudges: an X3 rule firing in a loop queues at most this many polls. */
export const NUDGES_PER_INTEGRATION = { points: 30, duration: 60 };

const WORDS: ThrottleWords = {
  name: 'nudge',
  tooMany: 'Too many nudges; the poll is already queued',
  unavailable: 'Nudges are unavailable for a moment; polling continues on schedule',
};

/** Nudge rate limits, in Redis so every api process shares them; Redis unreachable → 503, never unthrottled. */
export class NudgeThrottle {
  private readonly logger = new Logger(NudgeThrottle.name);
  private readonly address: RateLimiterRedis;
  private readonly integration: RateLimiterRedis;

  constructor(redis: Redis) {
    const common = { storeClient: redis, rejectIfRedisNotReady: true };
    this.address = new RateLimiterRedis({ ...common, keyPrefix: 'lb:nudge:address', ...NUDGES_PER_ADDRESS });
    this.integration = new RateLimiterRedis({
      ...common,
      keyPrefix: 'lb:nudge:integration',
      ...NUDGES_PER_INTEGRATION,
    });
  }

  takeForAddress(address: string, res: Response): Promise<void> {
    return this.take(this.address, address, res);
  }

  takeForIntegration(integrationId: string, res: Response): Promise<void> {
    return this.take(this.integration, integrationId, res);
  }

  private take(limiter: RateLimiterRedis, key: string, res: Response): Promise<void> {
    return takeOrRefuse([[limiter, key]], res, WORDS, this.logger);
  }
}
