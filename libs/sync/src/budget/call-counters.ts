// Calls spent per organisation, purpose and Xero day, in Redis so every process adds to one count.
// A day is a bucket of the (scaled) clock: 86,400,000 / clockScale ms, counted from Redis' own TIME
// like the rate limiter's windows; its hash expires when the next day has passed too, so the ops
// screens can show yesterday beside today.
import Redis from 'ioredis';
import { CALL_PURPOSES, CallPurpose } from './call-purposes';

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: none (the key is built from the day)  ARGV: prefix, dayMs, offsetDays, purpose, n → {day, count} */
const SPEND = `
${NOW}
local dayMs = tonumber(ARGV[2])
local day = math.floor(now / dayMs) - tonumber(ARGV[3])
local key = ARGV[1] .. ':' .. tostring(day)
local count = redis.call('HINCRBY', key, ARGV[4], tonumber(ARGV[5]))
redis.call('PEXPIREAT', key, (day + 2) * dayMs)
return {day, count}
`;

/** ARGV: prefix, dayMs, offsetDays → {day, flat field/value list} */
const READ = `
${NOW}
local day = math.floor(now / tonumber(ARGV[2])) - tonumber(ARGV[3])
return {day, redis.call('HGETALL', ARGV[1] .. ':' .. tostring(day))}
`;

export type SpentByPurpose = Record<CallPurpose, number>;

type Cmd = (...args: Array<string | number>) => Promise<unknown>;

export class CallCounters {
  private readonly spendCmd: Cmd;
  private readonly readCmd: Cmd;

  constructor(
    redis: Redis,
    /** Xero seconds per real second (the sandbox's clock scale against it). */
    private readonly clockScale = 1,
    private readonly prefix = 'lb:xplan',
  ) {
    const define = (name: string, lua: string): Cmd => {
      const cmd = `lbCallPlan${name}`;
      // Key names depend on Redis' clock, so the scripts take none (single-node Redis only).
      if (!(cmd in redis)) redis.defineCommand(cmd, { numberOfKeys: 0, lua });
      return (redis as unknown as Record<string, Cmd>)[cmd].bind(redis);
    };
    this.spendCmd = define('Spend', SPEND);
    this.readCmd = define('Read', READ);
  }

  get dayMs(): number {
    return Math.ceil(86_400_000 / this.clockScale);
  }

  private keyOf(orgId: string): string {
    return `${this.prefix}:{${orgId}}`;
  }

  /** Counts `calls` made for `purpose` on the organisation (its Xero tenantId); returns today's count. */
  async spend(orgId: string, purpose: CallPurpose, calls = 1): Promise<number> {
    const [, count] = (await this.spendCmd(this.keyOf(orgId), this.dayMs, 0, purpose, calls)) as [number, number];
    return Number(count);
  }

  /** Calls per purpose on the organisation's current day (`daysAgo` 1 = the day before). */
  async spent(orgId: string, daysAgo = 0): Promise<SpentByPurpose> {
    const [, flat] = (await this.readCmd(this.keyOf(orgId), this.dayMs, daysAgo)) as [number, string[]];
    const spent = Object.fromEntries(CALL_PURPOSES.map((p) => [p, 0])) as SpentByPurpose;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      if ((CALL_PURPOSES as readonly string[]).includes(flat[i])) spent[flat[i] as CallPurpose] = Number(flat[i + 1]);
    }
    return spent;
  }
}
