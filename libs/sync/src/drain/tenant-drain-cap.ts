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

/**
 * At most `cap` drains of one tenant at once, across every worker: a tenant's backlog cannot take
 * all the worker slots while other tenants wait. Leases expire (a killed drain frees its slot).
 */
export class TenantDrainCap {
  private readonly acquireCmd: Cmd;

  constructor(
    private readonly redis: Redis,
    private readonly cap: number,
    private readonly leaseMs: number,
    private readonly prefix = 'lb:sync:drains',
  ) {
    if (!('lbSyncDrainAcquire' in redis)) redis.defineCommand('lbSyncDrainAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.acquireCmd = (redis as unknown as Record<string, Cmd>).lbSyncDrainAcquire.bind(redis);
  }

  /** A lease id when a slot is free, else null (the drain re-queues itself with a short delay). */
  async acquire(tenantId: string): Promise<string | null> {
    const lease = randomUUID();
    const now = Date.now();
    const ok = await this.acquireCmd(this.key(tenantId), now, now + this.leaseMs, this.cap, lease, this.leaseMs * 2);
    return Number(ok) === 1 ? lease : null;
  }

  async release(tenantId: string, lease: string): Promise<void> {
    await this.redis.zrem(this.key(tenantId), lease);
  }

  /** Drains of the tenant holding a live lease (tests and monitoring). */
  async running(tenantId: string): Promise<number> {
    return this.redis.zcount(this.key(tenantId), Date.now(), '+inf');
  }

  private key(tenantId: string): string {
    return `${this.prefix}:{${tenantId}}`;
  }
}
