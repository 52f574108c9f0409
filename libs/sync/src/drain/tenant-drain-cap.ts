import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

// Members are lease ids scored by their expiry (ms): expired leases are dropped before counting,
// so a killed worker's slot frees itself when its lease runs out.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
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

  constructor(
    private readonly redis: Redis,
    private readonly cap: number,
    private readonly leaseMs: number,
    private readonly prefix = 'lb:sync:drains',
    private readonly waitingFreshMs = WAITING_FRESH_MS,
  ) {
    if (!('lbSyncDrainAcquire' in redis)) redis.defineCommand('lbSyncDrainAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.acquireCmd = (redis as unknown as Record<string, Cmd>).lbSyncDrainAcquire.bind(redis);
  }

  /**
   * A lease id when a slot is free (the flow then no longer waits), else null: the flow is marked
   * waiting and the drain re-queues itself with a short delay.
   */
  async acquire(tenantId: string, flow = ''): Promise<string | null> {
    const lease = `${flow}#${randomUUID()}`;
    const now = Date.now();
    const ok = await this.acquireCmd(this.key(tenantId), now, now + this.leaseMs, this.cap, lease, this.leaseMs * 2);
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
    const waiting = this.waitingKey(tenantId);
    await this.redis
      .multi()
      .zadd(waiting, Date.now(), flow)
      .pexpire(waiting, WAITING_FRESH_MS * 10)
      .exec();
  }

  async release(tenantId: string, lease: string): Promise<void> {
    await this.redis.zrem(this.key(tenantId), lease);
  }

  /**
   * Another flow of the tenant that found the cap full in the last few seconds and has no drain
   * running (the one that asked least recently first), or null.
   */
  async waitingFlow(tenantId: string, flow: string): Promise<string | null> {
    const now = Date.now();
    const [waiting, leases] = await Promise.all([
      this.redis.zrangebyscore(this.waitingKey(tenantId), now - this.waitingFreshMs, '+inf'),
      this.redis.zrangebyscore(this.key(tenantId), now, '+inf'),
    ]);
    const running = new Set(leases.map((l) => l.slice(0, l.lastIndexOf('#'))));
    return waiting.find((w) => w !== flow && !running.has(w)) ?? null;
  }

  /** Drains of the tenant holding a live lease (tests and monitoring). */
  async running(tenantId: string): Promise<number> {
    return this.redis.zcount(this.key(tenantId), Date.now(), '+inf');
  }

  private key(tenantId: string): string {
    return `${this.prefix}:{${tenantId}}`;
  }

  private waitingKey(tenantId: string): string {
    return `${this.prefix}:waiting:{${tenantId}}`;
  }
}
