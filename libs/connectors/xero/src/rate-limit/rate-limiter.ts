import Redis from 'ioredis';
import { ACQUIRE, OBSERVE, PARK, RELEASE } from './rate-limit-scripts';

export interface RateLimits {
  minute: number;
  day: number;
  concurrency: number;
  appMinute: number;
  /** Xero seconds per real second (1 against Xero; the sandbox's clock scale against it). */
  clockScale: number;
  /** How long a concurrency lease lives if its holder dies (call deadline + margin), real ms. */
  leaseMs: number;
  /** Real ms after admission by which a request has surely reached Xero (see RELEASE). */
  arrivalMarginMs?: number;
}

export type Admission =
  | { admitted: true; leaseId: string }
  | {
      admitted: false;
      retryAt: Date;
      reason: 'parked' | 'app-parked' | 'concurrency' | 'minute' | 'day' | 'app-minute';
    };

export interface RemainingHeaders {
  minRemaining?: number;
  dayRemaining?: number;
  appMinRemaining?: number;
}

type Cmd = (...args: Array<string | number>) => Promise<unknown>;

/**
 * A Redis-clock instant as the same moment on this process's clock: every process agrees on the
 * windows (Redis time), and each waits the right span by its own clock however far off it runs.
 */
function onOurClock(redisMs: number, redisNowMs: number): Date {
  return new Date(Date.now() + (redisMs - redisNowMs));
}

/**
 * The one gate every call to Xero passes: per organisation (minute, day, concurrency) and
 * app-wide (minute). A refused caller is told when to come back and must not wait holding a
 * queue lock; leases expire so a killed process frees its slots.
 */
export class XeroRateLimiter {
  private readonly acquireCmd: Cmd;
  private readonly releaseCmd: Cmd;
  private readonly observeCmd: Cmd;
  private readonly parkCmd: Cmd;

  constructor(
    private readonly redis: Redis,
    private readonly limits: RateLimits,
    private readonly prefix = 'lb:xrl',
  ) {
    const define = (name: string, keys: number, lua: string): Cmd => {
      const cmd = `lbXero${name}`;
      if (!(cmd in redis)) redis.defineCommand(cmd, { numberOfKeys: keys, lua });
      return (redis as unknown as Record<string, Cmd>)[cmd].bind(redis);
    };
    this.acquireCmd = define('Acquire', 7, ACQUIRE);
    this.releaseCmd = define('Release', 4, RELEASE);
    this.observeCmd = define('Observe', 4, OBSERVE);
    this.parkCmd = define('Park', 1, PARK);
  }

  get minuteWindowMs(): number {
    return Math.ceil(60_000 / this.limits.clockScale);
  }

  get dayWindowMs(): number {
    return Math.ceil(86_400_000 / this.limits.clockScale);
  }

  private org(orgId: string, part: string): string {
    return `${this.prefix}:{${orgId}}:${part}`;
  }

  /** `dayReserve`: calls of the day budget this caller must leave for higher-priority lanes. */
  async acquire(orgId: string, dayReserve = 0): Promise<Admission> {
    const l = this.limits;
    const result = (await this.acquireCmd(
      this.org(orgId, 'min'),
      this.org(orgId, 'day'),
      this.org(orgId, 'conc'),
      this.org(orgId, 'park'),
      `${this.prefix}:app:min`,
      `${this.prefix}:app:park`,
      `${this.prefix}:seq`,
      this.minuteWindowMs,
      this.dayWindowMs,
      l.minute,
      l.day,
      l.concurrency,
      l.appMinute,
      l.leaseMs,
      dayReserve,
    )) as [number, string | number, string | number, number?];
    if (result[0] === 1) return { admitted: true, leaseId: String(result[1]) };
    return {
      admitted: false,
      retryAt: onOurClock(Number(result[1]), Number(result[3])),
      reason: result[2] as Exclude<Admission, { admitted: true }>['reason'],
    };
  }

  async release(orgId: string, leaseId: string): Promise<void> {
    await this.releaseCmd(
      this.org(orgId, 'conc'),
      this.org(orgId, 'min'),
      this.org(orgId, 'day'),
      `${this.prefix}:app:min`,
      leaseId,
      this.limits.arrivalMarginMs ?? 500,
    );
  }

  async observe(orgId: string, h: RemainingHeaders): Promise<number> {
    const l = this.limits;
    const v = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? -1 : Math.max(0, Math.floor(n)));
    return Number(
      await this.observeCmd(
        this.org(orgId, 'min'),
        this.org(orgId, 'day'),
        `${this.prefix}:app:min`,
        `${this.prefix}:seq`,
        this.minuteWindowMs,
        this.dayWindowMs,
        l.minute,
        l.day,
        l.appMinute,
        v(h.minRemaining),
        v(h.dayRemaining),
        v(h.appMinRemaining),
      ),
    );
  }

  /**
   * Obeys a 429: Retry-After is in Xero seconds; the problem names the limit. Day and minute
   * hits park the organisation; an app-wide hit parks every organisation. Returns the retry time.
   */
  async penalise(orgId: string, problem: string | undefined, retryAfterSeconds: number | undefined): Promise<Date> {
    const p = (problem ?? '').toLowerCase();
    const fallback = p === 'day' ? 3600 : 60;
    const seconds =
      retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
        ? retryAfterSeconds
        : fallback;
    const delayMs = Math.max(1, Math.ceil((seconds * 1000) / this.limits.clockScale));
    const key = p.includes('app') ? `${this.prefix}:app:park` : this.org(orgId, 'park');
    const [until, redisNow] = (await this.parkCmd(key, delayMs)) as [number, number];
    return onOurClock(Number(until), Number(redisNow));
  }

  /** How much of each window is used (for monitoring and tests). */
  async usage(orgId: string): Promise<{ minute: number; day: number; inFlight: number; parkedUntil: Date | null }> {
    const now = Date.now();
    const [minute, day, inFlight, park] = await Promise.all([
      this.redis.zcount(this.org(orgId, 'min'), now - this.minuteWindowMs, '+inf'),
      this.redis.zcount(this.org(orgId, 'day'), now - this.dayWindowMs, '+inf'),
      this.redis.zcount(this.org(orgId, 'conc'), now, '+inf'),
      this.redis.get(this.org(orgId, 'park')),
    ]);
    const parked = Number(park ?? 0);
    return { minute, day, inFlight, parkedUntil: parked > now ? new Date(parked) : null };
  }
}
