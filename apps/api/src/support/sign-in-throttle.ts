import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { takeOrRefuse, ThrottleWords } from './redis-throttle';

/** Per staff account (email): failed attempts, both steps together, per window. */
export const ACCOUNT_FAILURES = { points: 5, duration: 15 * 60 };
/** Per client address: failed attempts across all accounts, per window. */
export const ADDRESS_FAILURES = { points: 20, duration: 15 * 60 };
const WORDS: ThrottleWords = {
  name: 'sign-in',
  tooMany: 'Too many sign-in attempts; wait and try again',
  unavailable: 'Sign-in is unavailable for a moment; try again shortly',
};

/** What a throttled attempt did to the counters: refunded when the attempt succeeds. */
export interface ThrottleTicket {
  succeeded(): Promise<void>;
}

/**
 * Staff sign-in throttling, in Redis so every api process shares it. A point is taken from the
 * account's and the address's budgets *before* the credential is checked, so parallel guesses
 * cannot all slip under the limit; a success gives the points back. When Redis cannot be
 * consulted the attempt is refused with 503: never unthrottled guessing.
 */
export class SignInThrottle {
  private readonly logger = new Logger(SignInThrottle.name);
  private readonly account: RateLimiterRedis;
  private readonly address: RateLimiterRedis;

  constructor(redis: Redis) {
    const common = { storeClient: redis, rejectIfRedisNotReady: true };
    this.account = new RateLimiterRedis({ ...common, keyPrefix: 'lb:staff-sign-in:account', ...ACCOUNT_FAILURES });
    this.address = new RateLimiterRedis({ ...common, keyPrefix: 'lb:staff-sign-in:address', ...ADDRESS_FAILURES });
  }

  /** Takes one attempt for this account from this address, or refuses it (429 with Retry-After, or 503). */
  async take(account: string, address: string, res: Response): Promise<ThrottleTicket> {
    const accountKey = account.toLowerCase();
    await takeOrRefuse(
      [
        [this.account, accountKey],
        [this.address, address],
      ],
      res,
      WORDS,
      this.logger,
    );
    return {
      succeeded: async () => {
        await Promise.all([this.account.reward(accountKey), this.address.reward(address)]).catch((error: Error) =>
          this.logger.warn(`sign-in throttle refund failed: ${error.message}`),
        );
      },
    };
  }
}
