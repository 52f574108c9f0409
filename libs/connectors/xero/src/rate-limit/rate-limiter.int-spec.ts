import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimits, XeroRateLimiter } from './rate-limiter';

// Windows last seconds of real time, not fractions: on a loaded 2-core machine a few Redis calls
// can take longer than a second, and a window that closes mid-test makes it assert nothing useful.
const base: RateLimits = { minute: 5, day: 1000, concurrency: 5, appMinute: 10000, clockScale: 6, leaseMs: 5000 };

/** Acquires until admitted (each refusal says when to come back); returns when it was. */
async function admittedAt(l: XeroRateLimiter, org: string, deadlineMs = 20_000): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const a = await l.acquire(org);
    if (a.admitted) return Date.now();
    if (Date.now() > deadline) throw new Error(`not admitted within ${deadlineMs} ms (${a.reason})`);
    await new Promise((r) => setTimeout(r, Math.max(20, Math.min(500, a.retryAt.getTime() - Date.now()))));
  }
}

describe('XeroRateLimiter (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
  const redis2 = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
  afterAll(async () => {
    await redis.quit();
    await redis2.quit();
  });
  const limiter = (limits: Partial<RateLimits> = {}, r: Redis = redis, prefix = `t:${randomUUID()}`) =>
    new XeroRateLimiter(r, { ...base, ...limits }, prefix);

  it('admits the minute limit, then says when to come back, and admits again after', async () => {
    const l = limiter(); // a Xero minute lasts 10 s at scale 6
    const org = randomUUID();
    for (let i = 0; i < 5; i++) {
      const a = await l.acquire(org);
      expect(a.admitted).toBe(true);
      if (a.admitted) await l.release(org, a.leaseId);
    }
    const refused = await l.acquire(org);
    expect(refused).toMatchObject({ admitted: false, reason: 'minute' });
    if (refused.admitted) throw new Error('unreachable');
    const wait = refused.retryAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_100);
    expect(await admittedAt(l, org)).toBeGreaterThanOrEqual(refused.retryAt.getTime() - 50);
  });

  it('says when to come back on this process’s clock, however far off Redis’s it runs', async () => {
    // Found by the clock-skew fault scenario: Redis instants minus a skewed Date.now() made a worker
    // two minutes ahead retry at once and one two minutes behind wait two minutes too long.
    const l = limiter();
    const org = randomUUID();
    for (let i = 0; i < 5; i++) {
      const a = await l.acquire(org);
      if (a.admitted) await l.release(org, a.leaseId);
    }
    const realNow = Date.now.bind(Date);
    for (const skewMs of [120_000, -120_000]) {
      const skewed = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
      try {
        const refused = await l.acquire(org);
        if (refused.admitted) throw new Error('expected a refusal');
        const wait = refused.retryAt.getTime() - Date.now();
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(10_100);
        const parkedUntil = await l.penalise(org, 'minute', 60); // a Xero minute: 10 s at scale 6
        expect(parkedUntil.getTime() - Date.now()).toBeGreaterThan(8_000);
        expect(parkedUntil.getTime() - Date.now()).toBeLessThanOrEqual(10_100);
      } finally {
        skewed.mockRestore();
      }
    }
  });

  it('caps concurrency with leases that expire when their holder dies', async () => {
    const l = limiter({ concurrency: 2, minute: 100, leaseMs: 3_000 });
    const org = randomUUID();
    // the lease's clock starts inside Redis, somewhere between our send and its reply: the send is
    // the only lower bound (on a loaded host the reply can come tens of ms after the lease began)
    const held = Date.now();
    expect((await l.acquire(org)).admitted).toBe(true);
    expect((await l.acquire(org)).admitted).toBe(true);
    const third = await l.acquire(org);
    expect(third).toMatchObject({ admitted: false, reason: 'concurrency' });
    // nobody released: admitted again once the first lease lapses, not before
    expect(await admittedAt(l, org)).toBeGreaterThanOrEqual(held + 3_000 - 50);
  });

  it('counts a rolling day and refuses until the oldest call leaves it', async () => {
    const l = limiter({ day: 3, minute: 100, clockScale: 8640 }); // a Xero day lasts 10 s
    const org = randomUUID();
    for (let i = 0; i < 3; i++) expect((await l.acquire(org)).admitted).toBe(true);
    const refused = await l.acquire(org);
    expect(refused).toMatchObject({ admitted: false, reason: 'day' });
    // a lane that must leave 1 call of the day for higher lanes is refused earlier
    const l2 = limiter({ day: 3, minute: 100, clockScale: 8640 });
    const org2 = randomUUID();
    expect((await l2.acquire(org2, 1)).admitted).toBe(true);
    expect((await l2.acquire(org2, 1)).admitted).toBe(true);
    expect(await l2.acquire(org2, 1)).toMatchObject({ admitted: false, reason: 'day' });
    expect((await l2.acquire(org2, 0)).admitted).toBe(true);
  });

  it('parks one organisation on a day 429 and every organisation on an app-wide 429', async () => {
    const prefix = `t:${randomUUID()}`;
    const l = limiter({ clockScale: 360 }, redis, prefix); // 1 Xero hour = 10 s
    const [a, b] = [randomUUID(), randomUUID()];
    const until = await l.penalise(a, 'day', 3600);
    expect(until.getTime() - Date.now()).toBeGreaterThan(8_000);
    expect(await l.acquire(a)).toMatchObject({ admitted: false, reason: 'parked' });
    expect((await l.acquire(b)).admitted).toBe(true);
    await l.penalise(b, 'appminute', 3600);
    expect(await l.acquire(b)).toMatchObject({ admitted: false, reason: 'app-parked' });
    expect((await l.usage(a)).parkedUntil).not.toBeNull();
  });

  it('aligns with the remaining counts Xero reports', async () => {
    const l = limiter();
    const org = randomUUID();
    const a = await l.acquire(org);
    if (!a.admitted) throw new Error('expected admission');
    await l.release(org, a.leaseId);
    // we think 4 remain; Xero says 1 (calls we did not see): pad 3
    expect(await l.observe(org, { minRemaining: 1, dayRemaining: 999 })).toBe(3);
    expect((await l.acquire(org)).admitted).toBe(true);
    expect(await l.acquire(org)).toMatchObject({ admitted: false, reason: 'minute' });
  });

  it('is atomic across connections: 40 racing callers, exactly the limit admitted', async () => {
    const prefix = `t:${randomUUID()}`;
    const l1 = limiter({ minute: 10, concurrency: 100 }, redis, prefix);
    const l2 = limiter({ minute: 10, concurrency: 100 }, redis2, prefix);
    const org = randomUUID();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? l1 : l2).acquire(org)));
    expect(results.filter((r) => r.admitted)).toHaveLength(10);
  });
});
