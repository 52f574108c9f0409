import { DataSource } from 'typeorm';
import { eventually, runtimeDataSource } from '#lb/testing';
import { LocalRedisHandle, startLocalRedis } from '../../../scripts/devstack/redis';
import { RunningApi, startApi } from './api-harness';
import { StaffClient, staffService, STAFF_PASSWORD, uniqueStaffEmail } from './staff-world';

/**
 * The sign-in throttle lives in Redis. With Redis gone, a staff sign-in attempt is refused at once
 * with 503: neither let through unthrottled nor left hanging.
 */
describe('staff sign-in while Redis is down', () => {
  let redis: LocalRedisHandle;
  let api: RunningApi;
  let ds: DataSource;
  let port: number;

  beforeAll(async () => {
    redis = await startLocalRedis();
    port = Number(new URL(redis.url).port);
    api = await startApi({ REDIS_URL: redis.url });
    ds = await runtimeDataSource(2);
  });
  afterAll(async () => {
    await ds?.destroy();
    await api?.close();
    await redis?.stop();
  });

  it('answers 503 quickly, and signs in again once Redis is back', async () => {
    const email = uniqueStaffEmail('outage');
    await staffService(ds).create(email, 'Otto Outage', STAFF_PASSWORD, 'test');
    expect((await new StaffClient(api.url).password(email)).status).toBe(204);

    await redis.stop();
    const during = new StaffClient(api.url);
    const started = Date.now();
    const refused = await during.password(email);
    expect(refused.status).toBe(503);
    // A backstop against hanging, far above the 500 ms command timeout, far below any client's patience.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await during.password(email, 'wrong guess, unthrottled?')).status).toBe(503);

    redis = await startLocalRedis({ port });
    await eventually('sign-in works again', async () =>
      (await new StaffClient(api.url).password(email)).status === 204 ? true : undefined,
    );
  });
});
