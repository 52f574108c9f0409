import { HttpException, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Per staff account (email): failed attempts, both steps together, per window. */
export const ACCOUNT_FAILURES = { points: 5, duration: 15 * 60 };
/** Per client address: failed attempts across all accounts, per window. */
export const ADDRESS_FAILURES = { points: 20, duration: 15 * 60 };
/**
 * How long one Redis command may take before the attempt is refused (fail fast, never hang).
 * 2 s, not less: on a loaded 2-core host a healthy Redis answered past 500 ms and refused a valid code.
 */
export const THROTTLE_COMMAND_TIMEOUT_MS = 2_000;

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
    try {
      await this.account.consume(accountKey);
      await this.address.consume(address);
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(outcome.msBeforeNext / 1000))));
        throw new HttpException(
          { statusCode: 429, error: 'Too Many Requests', message: 'Too many sign-in attempts; wait and try again' },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      this.logger.error(`sign-in throttle unavailable: ${(outcome as Error).message}`);
      throw new ServiceUnavailableException('Sign-in is unavailable for a moment; try again shortly');
    }
    return {
      succeeded: async () => {
        await Promise.all([this.account.reward(accountKey), this.address.reward(address)]).catch((error: Error) =>
          this.logger.warn(`sign-in throttle refund failed: ${error.message}`),
        );
      },
    };
  }
}

/** The throttle's own Redis connection: no offline queue, no retries, a short command timeout. */
export function throttleRedisOptions() {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: THROTTLE_COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
  };
}
