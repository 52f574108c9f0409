import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

// KEYS: the leases (lease id scored by its expiry, ms), the waiting flows (flow key scored by when
// it first waited), and when each waiting flow last asked. ARGV: now, expiry, cap, lease id, key
// ttl, flow key, stale ms. Expired leases and waiters that stopped asking are dropped first, so a
// killed worker's slot frees itself and a flow switched off meanwhile blocks nobody.
// A free slot goes to the flows that waited longest: a flow that did not wait (a running flow's
// continuation) gets one only when the slots free outnumber the flows waiting ahead of it.
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local seen = redis.call('HGETALL', KEYS[3])
for i = 1, #seen, 2 do
  if tonumber(seen[i + 1]) < now - tonumber(ARGV[7]) then
    redis.call('HDEL', KEYS[3], seen[i])
    redis.call('ZREM', KEYS[2], seen[i])
  end
end
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
local since = redis.call('ZSCORE', KEYS[2], ARGV[6])
local ahead
if since then ahead = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. since)
else ahead = redis.call('ZCARD', KEYS[2]) end
if free <= ahead then
  redis.call('ZADD', KEYS[2], 'NX', now, ARGV[6])
  redis.call('HSET', KEYS[3], ARGV[6], now)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[6])
redis.call('HDEL', KEYS[3], ARGV[6])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

type Cmd = (...args: Array<string | number>) => Promise<unknown>;

/**
 * At most `cap` drains of one tenant at once, across every worker: a tenant's backlog cannot take
 * all the worker slots while other tenants wait. Leases expire (a killed drain frees its slot).
 * Within the tenant a capped flow gets the next free slot: without the queue, the running flows'
 * continuations took every freed slot and a third flow never drained while two others had work.
 */
export class TenantDrainCap {
  private readonly acquireCmd: Cmd;

  constructor(
    private readonly redis: Redis,
    private readonly cap: number,
    private readonly leaseMs: number,
    private readonly prefix = 'lb:sync:drains',
    /** A waiting flow that has not asked again for this long is forgotten (it retries every few s). */
    private readonly staleMs = 6_000,
  ) {
    if (!('lbSyncDrainAcquire' in redis)) redis.defineCommand('lbSyncDrainAcquire', { numberOfKeys: 3, lua: ACQUIRE });
    this.acquireCmd = (redis as unknown as Record<string, Cmd>).lbSyncDrainAcquire.bind(redis);
  }

  /** A lease id when a slot is free for this flow, else null (the drain re-queues itself with a short delay). */
  async acquire(tenantId: string, flowKey: string): Promise<string | null> {
    const lease = randomUUID();
    const now = Date.now();
    const k = this.key(tenantId);
    const ok = await this.acquireCmd(
      k,
      `${k}:waiting`,
      `${k}:asked`,
      now,
      now + this.leaseMs,
      this.cap,
      lease,
      this.leaseMs * 2,
      flowKey,
      this.staleMs,
    );
    return Number(ok) === 1 ? lease : null;
  }

  /** The flow waits no more (switched off, paused): it must not hold back the others' next slot. */
  async forget(tenantId: string, flowKey: string): Promise<void> {
    const k = this.key(tenantId);
    await this.redis.multi().zrem(`${k}:waiting`, flowKey).hdel(`${k}:asked`, flowKey).exec();
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
