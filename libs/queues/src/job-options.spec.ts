import { BULL_RECONNECT_CAP_MS, bullRedisOptions, jitteredExponentialDelay } from './job-options';

describe('jitteredExponentialDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling] and stops at the cap', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(600_000, 2_000 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const d = jitteredExponentialDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('spreads retries that happen at the same attempt', () => {
    const delays = new Set(Array.from({ length: 20 }, () => jitteredExponentialDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('bullRedisOptions', () => {
  it('takes host, port, database and credentials from REDIS_URL', () => {
    expect(bullRedisOptions('redis://app:p%40ss@cache.internal:6380/3')).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      username: 'app',
      password: 'p@ss',
    });
    const plain = bullRedisOptions('redis://127.0.0.1');
    expect(plain).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, username: undefined, password: undefined });
    expect(plain.tls).toBeUndefined();
  });

  it('connects over TLS for rediss:// and strips IPv6 brackets', () => {
    expect(bullRedisOptions('rediss://:secret@redis.example.com:6390').tls).toEqual({
      servername: 'redis.example.com',
    });
    expect(bullRedisOptions('redis://[::1]:6379').host).toBe('::1');
  });

  it('keeps reconnecting, never more than a couple of seconds apart', () => {
    const retry = bullRedisOptions('redis://127.0.0.1:6379').retryStrategy!;
    expect(retry(1)).toBeGreaterThan(0);
    expect([8, 50, 5_000].map((attempt) => retry(attempt))).toEqual([
      BULL_RECONNECT_CAP_MS,
      BULL_RECONNECT_CAP_MS,
      BULL_RECONNECT_CAP_MS,
    ]);
  });
});
