// The per-tenant drain cap on real Redis: at most `cap` drains of a tenant at once, and flows that
// found it full are offered the next turn (waitingFlow) — the documents crash test and the
// initial-load bench saw a third flow claim nothing while two others took every freed slot.
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { eventually, requireEnv } from '#lb/testing';
import { TenantDrainCap } from './tenant-drain-cap';

describe('TenantDrainCap (Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
  });
  afterAll(() => redis?.quit());

  const prefix = () => `lb:test:drains:${randomUUID()}`;

  it('a flow that found the cap full is the waiting one until it gets a slot; a flow with a drain running is not offered', async () => {
    const cap = new TenantDrainCap(redis, 2, 60_000, prefix());
    const tenant = randomUUID();
    const bills = await cap.acquire(tenant, 'i|bills');
    const payments = await cap.acquire(tenant, 'i|payments');
    expect([bills, payments]).toEqual([expect.any(String), expect.any(String)]);
    expect(await cap.acquire(tenant, 'i|journals')).toBeNull();
    expect(await cap.running(tenant)).toBe(2);
    expect(await cap.waitingFlow(tenant, 'i|bills')).toBe('i|journals');
    expect(await cap.waitingFlow(tenant, 'i|journals')).toBeNull(); // never offered to itself

    // payments also found the cap full once, but it has a drain running: not the one to hand to
    await cap.markWaiting(tenant, 'i|payments');
    await cap.release(tenant, bills!);
    expect(await cap.waitingFlow(tenant, 'i|bills')).toBe('i|journals');
    const journals = await cap.acquire(tenant, 'i|journals');
    expect(journals).toEqual(expect.any(String));
    expect(await cap.waitingFlow(tenant, 'i|bills')).toBeNull();
    expect(await cap.acquire(tenant, 'i|bills')).toBeNull(); // both slots taken
    expect(await cap.waitingFlow(tenant, 'i|payments')).toBe('i|bills');
  });

  it("tenants do not see each other's waiting flows", async () => {
    const cap = new TenantDrainCap(redis, 1, 60_000, prefix());
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await cap.acquire(a, 'i|customers')).toEqual(expect.any(String));
    expect(await cap.acquire(a, 'i|invoices')).toBeNull();
    expect(await cap.waitingFlow(b, 'i|customers')).toBeNull();
    expect(await cap.acquire(b, 'j|invoices')).toEqual(expect.any(String));
  });

  it('a waiting flow that stopped asking (disabled, or its work done elsewhere) is no longer offered', async () => {
    const cap = new TenantDrainCap(redis, 1, 60_000, prefix(), 300);
    const tenant = randomUUID();
    expect(await cap.acquire(tenant, 'i|customers')).toEqual(expect.any(String));
    expect(await cap.acquire(tenant, 'i|suppliers')).toBeNull();
    expect(await cap.waitingFlow(tenant, 'i|customers')).toBe('i|suppliers');
    await eventually('the waiting mark is stale', async () =>
      (await cap.waitingFlow(tenant, 'i|customers')) === null ? true : undefined,
    );
  });

  it('workers whose clocks are minutes apart agree on leases and waiting marks (Redis’s clock)', async () => {
    // Lease expiries and waiting marks written on a process's own clock: a lease taken by a worker
    // two minutes behind was already expired for everyone else (the cap let a second drain in), and
    // a worker two minutes ahead saw every other worker's waiting mark as stale.
    const realNow = Date.now.bind(Date);
    const skewed = <T>(skewMs: number, work: () => Promise<T>): Promise<T> => {
      const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
      return work().finally(() => spy.mockRestore());
    };
    const cap = new TenantDrainCap(redis, 1, 60_000, prefix());
    const tenant = randomUUID();
    expect(await skewed(-120_000, () => cap.acquire(tenant, 'i|customers'))).toEqual(expect.any(String));
    expect(await cap.running(tenant)).toBe(1);
    expect(await skewed(120_000, () => cap.acquire(tenant, 'i|invoices'))).toBeNull();
    expect(await cap.acquire(tenant, 'i|invoices')).toBeNull();
    await skewed(-120_000, () => cap.markWaiting(tenant, 'i|invoices'));
    expect(await skewed(120_000, () => cap.waitingFlow(tenant, 'i|customers'))).toBe('i|invoices');
    expect(await skewed(120_000, () => cap.running(tenant))).toBe(1);
  });
});
