// The per-tenant drain cap on real Redis: at most `cap` drains of a tenant at once, and a capped
// flow gets the next freed slot before the running flows' continuations (the documents crash test
// saw journals claim nothing while bills and payments took every slot in turn).
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

  it('a capped flow takes the next freed slot; the flow that freed it waits its turn', async () => {
    const cap = new TenantDrainCap(redis, 2, 60_000, prefix());
    const tenant = randomUUID();
    const bills = await cap.acquire(tenant, 'bills');
    const payments = await cap.acquire(tenant, 'payments');
    expect([bills, payments].every((l) => typeof l === 'string')).toBe(true);
    expect(await cap.acquire(tenant, 'journals')).toBeNull();
    expect(await cap.running(tenant)).toBe(2);

    await cap.release(tenant, bills!);
    // bills' continuation comes first, but journals waited: the slot is theirs
    expect(await cap.acquire(tenant, 'bills')).toBeNull();
    const journals = await cap.acquire(tenant, 'journals');
    expect(journals).toEqual(expect.any(String));
    // bills waits behind nobody now, but every slot is taken
    expect(await cap.acquire(tenant, 'bills')).toBeNull();
    await cap.release(tenant, payments!);
    expect(await cap.acquire(tenant, 'payments')).toBeNull(); // bills waited first
    expect(await cap.acquire(tenant, 'bills')).toEqual(expect.any(String));
  });

  it("tenants do not wait on each other's queues", async () => {
    const cap = new TenantDrainCap(redis, 1, 60_000, prefix());
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await cap.acquire(a, 'invoices')).toEqual(expect.any(String));
    expect(await cap.acquire(a, 'customers')).toBeNull();
    expect(await cap.acquire(b, 'invoices')).toEqual(expect.any(String));
  });

  it('a waiting flow that stops asking, or is forgotten, holds back nobody', async () => {
    const cap = new TenantDrainCap(redis, 1, 60_000, prefix(), 300);
    const tenant = randomUUID();
    const first = await cap.acquire(tenant, 'invoices');
    expect(await cap.acquire(tenant, 'products')).toBeNull(); // waits, then never asks again
    await cap.release(tenant, first!);
    expect(await cap.acquire(tenant, 'invoices')).toBeNull();
    const lease = await eventually('the silent waiter to be dropped', () =>
      cap.acquire(tenant, 'invoices').then((l) => l ?? undefined),
    );
    await cap.release(tenant, lease);

    const held = await cap.acquire(tenant, 'invoices');
    expect(await cap.acquire(tenant, 'stock-levels')).toBeNull();
    await cap.release(tenant, held!);
    await cap.forget(tenant, 'stock-levels'); // switched off meanwhile
    expect(await cap.acquire(tenant, 'invoices')).toEqual(expect.any(String));
  });

  it("a killed drain's slot frees itself when its lease runs out", async () => {
    const cap = new TenantDrainCap(redis, 1, 200, prefix());
    const tenant = randomUUID();
    expect(await cap.acquire(tenant, 'invoices')).toEqual(expect.any(String));
    expect(await cap.acquire(tenant, 'customers')).toBeNull();
    const lease = await eventually('the dead lease to expire', () =>
      cap.acquire(tenant, 'customers').then((l) => l ?? undefined),
    );
    expect(lease).toEqual(expect.any(String));
  });
});
