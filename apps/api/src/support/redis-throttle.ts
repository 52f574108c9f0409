import { HttpException, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * How long one Redis command may take before the attempt is refused (fail fast, never hang).
 * 2 s, not less: on a loaded 2-core host a healthy Redis answered past 500 ms and refused a valid code.
 */
export const THROTTLE_COMMAND_TIMEOUT_MS = 2_000;

/** The throttle's own Redis connection: no offline queue, no retries, a short command timeout. */
export function throttleRedisOptions() {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: THROTTLE_COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
  };
}

/** What a refusal says: a spent budget (429) and Redis out of reach (503). */
export interface ThrottleWords {
  /** For the log: "nudge", "reporting", "sign-in". */
  name: string;
  tooMany: string;
  unavailable: string;
}

/**
 * Takes one point from each budget in turn, or refuses: 429 with Retry-After when one is spent,
 * 503 when Redis cannot be asked — never an unthrottled request. Shared by every api throttle.
 */
export async function takeOrRefuse(
  budgets: Array<[RateLimiterRedis, string]>,
  res: Response,
  words: ThrottleWords,
  logger: Logger,
): Promise<void> {
  try {
    for (const [limiter, key] of budgets) await limiter.consume(key);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(outcome.msBeforeNext / 1000))));
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: words.tooMany },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    logger.error(`${words.name} throttle unavailable: ${(outcome as Error).message}`);
    throw new ServiceUnavailableException(words.unavailable);
  }
}

/** A throttle's own Redis connection; its errors surface as 503s from the throttle, never a crash. */
export function throttleRedis(url: string): Redis {
  const redis = new Redis(url, throttleRedisOptions());
  redis.on('error', () => undefined);
  return redis;
}
