import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

// Time comes from Redis (TIME), never from the caller: leases and waiting marks written by one
// worker are read by others, and a worker whose clock is minutes off must not drop a live lease
// (or keep a dead one) or see a fresh waiting mark as stale.
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// Members are lease ids scored by their expiry (ms): expired leases are dropped before counting,
// so a killed worker's slot frees itself when its lease runs out.
// KEYS: leases   ARGV: cap, lease id, leaseMs, key ttl ms → 1 admitted, 0 full
const ACQUIRE = `
${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

// KEYS: waiting   ARGV: flow, key ttl ms
const MARK_WAITING = `
${NOW}
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

// KEYS: waiting, leases   ARGV: freshMs → {flows that asked within freshMs, live lease ids}
const WAITING_AND_RUNNING = `
${NOW}
return {redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf'),
        redis.call('ZRANGEBYSCORE', KEYS[2], now, '+inf')}
`;

// KEYS: leases → how many are live
const RUNNING = `
${NOW}
return redis.call('ZCOUNT', KEYS[1], now, '+inf')
`;

type Cmd = (...args: Array<string | number>) => Promise<unknown>;

/** How long a capped flow counts as waiting after it last found the cap full (it asks every 2 s). */
const WAITING_FRESH_MS = 6_000;

/**
 * At most `cap` drains of one tenant at once, across every worker: a tenant's backlog cannot take
 * all the worker slots while other tenants wait. Leases expire (a killed drain frees its slot).
 *
 * Within the tenant, flows take turns: a flow that found the cap full is marked waiting, and a
 * drain of another flow that finishes with more to do hands its slot to a waiting flow that has no
 * drain running (`waitingFlow`) instead of continuing itself — without it, the running flows'
 * continuations took every freed slot and a third flow claimed nothing until they were done.
 * A flow is `<integration id>|<flow key>` (one tenant may have several integrations).
 */
export class TenantDrainCap {
  private readonly acquireCmd: Cmd;
  private readonly markWaitingCmd: Cmd;
  private readonly waitingCmd: Cmd;
  private readonly runningCmd: Cmd;

  constructor(
    private readonly redis: Redis,
    private readonly cap: number,
    private readonly leaseMs: number,
    private readonly prefix = 'lb:sync:drains',
    private readonly waitingFreshMs = WAITING_FRESH_MS,
  ) {
    this.acquireCmd = command(redis, 'lbSyncDrainAcquireAt', 1, ACQUIRE);
    this.markWaitingCmd = command(redis, 'lbSyncDrainMarkWaiting', 1, MARK_WAITING);
    this.waitingCmd = command(redis, 'lbSyncDrainWaiting', 2, WAITING_AND_RUNNING);
    this.runningCmd = command(redis, 'lbSyncDrainRunning', 1, RUNNING);
  }

  /**
   * A lease id when a slot is free (the flow then no longer waits), else null: the flow is marked
   * waiting and the drain re-queues itself with a short delay.
   */
  async acquire(tenantId: string, flow = ''): Promise<string | null> {
    const lease = `${flow}#${randomUUID()}`;
    const ok = await this.acquireCmd(this.key(tenantId), this.cap, lease, this.leaseMs, this.leaseMs * 2);
    const waiting = this.waitingKey(tenantId);
    if (Number(ok) === 1) {
      if (flow) await this.redis.zrem(waiting, flow);
      return lease;
    }
    if (flow) await this.markWaiting(tenantId, flow);
    return null;
  }

  /** The flow wants a slot (it found the cap full, or handed its slot to another flow). */
  async markWaiting(tenantId: string, flow: string): Promise<void> {
    await this.markWaitingCmd(this.waitingKey(tenantId), flow, WAITING_FRESH_MS * 10);
  }

  async release(tenantId: string, lease: string): Promise<void> {
    await this.redis.zrem(this.key(tenantId), lease);
  }

  /**
   * Another flow of the tenant that found the cap full in the last few seconds and has no drain
   * running (the one that asked least recently first), or null.
   */
  async waitingFlow(tenantId: string, flow: string): Promise<string | null> {
    const [waiting, leases] = (await this.waitingCmd(
      this.waitingKey(tenantId),
      this.key(tenantId),
      this.waitingFreshMs,
    )) as [string[], string[]];
    const running = new Set(leases.map((l) => l.slice(0, l.lastIndexOf('#'))));
    return waiting.find((w) => w !== flow && !running.has(w)) ?? null;
  }

  /** Drains of the tenant holding a live lease (tests and monitoring). */
  async running(tenantId: string): Promise<number> {
    return Number(await this.runningCmd(this.key(tenantId)));
  }

  private key(tenantId: string): string {
    return `${this.prefix}:{${tenantId}}`;
  }

  private waitingKey(tenantId: string): string {
    return `${this.prefix}:waiting:{${tenantId}}`;
  }
}

function command(redis: Redis, name: string, numberOfKeys: number, lua: string): Cmd {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  return (redis as unknown as Record<string, Cmd>)[name].bind(redis);
}
