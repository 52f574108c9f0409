import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface HeldLock {
  /** Monotonic per key: a store made under a lower fence than the grant's is refused. */
  fence: number;
  token: string;
}

/** A Redis lock with expiry and a fencing counter: one refresh per grant across all processes. */
export class RefreshLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'lb:xlock',
  ) {}

  async tryAcquire(name: string, ttlMs: number): Promise<HeldLock | null> {
    const fence = await this.redis.incr(`${this.prefix}:${name}:fence`);
    const token = `${fence}:${randomUUID()}`;
    const ok = await this.redis.set(`${this.prefix}:${name}`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? { fence, token } : null;
  }

  async isHeld(name: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}:${name}`)) === 1;
  }

  async release(name: string, lock: HeldLock): Promise<void> {
    await this.redis.eval(RELEASE, 1, `${this.prefix}:${name}`, lock.token);
  }
}
