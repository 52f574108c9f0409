// The usage routes when Redis (where the meter lives) is gone: a prompt 503 that says so, nothing
// hung, and the figures back once Redis returns. Its own redis-server: stopping the shared one
// would break the suites running beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CookieBrowser, eventually } from '#lb/testing';
import { findFreePort } from '../../../scripts/devstack/ports';
import { LocalRedisHandle, startLocalRedis } from '../../../scripts/devstack/redis';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, uniqueEmail, XeroWorld } from './xero-world';

describe('Xero usage while Redis is down', () => {
  let redis: LocalRedisHandle | undefined;
  let world: XeroWorld;
  let dataDir: string;
  let port: number;
  const customer = new CookieBrowser();

  beforeAll(async () => {
    port = await findFreePort();
    dataDir = mkdtempSync(join(tmpdir(), 'lb-usage-redis-'));
    redis = await startLocalRedis({ port, dataDir });
    world = await startXeroWorld({ REDIS_URL: redis.url });
    const org = await newOrg(world, uniqueEmail('usage-redis'));
    await signInWithXero(world, customer, org);
    await connectXero(world, customer, org);
  });
  afterAll(async () => {
    await world?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 usage_unavailable within seconds, then 200 again once Redis is back', async () => {
    expect((await read(world, customer, '/api/xero-usage')).status).toBe(200);
    await redis!.stop();
    redis = undefined;
    const started = Date.now();
    const down = await read(world, customer, '/api/xero-usage');
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'usage_unavailable', message: expect.stringContaining('Xero usage') });
    // the overview's other routes need only PostgreSQL
    expect((await read(world, customer, '/api/connections')).status).toBe(200);

    redis = await startLocalRedis({ port, dataDir });
    await eventually('usage readable again', async () =>
      (await read(world, customer, '/api/xero-usage')).status === 200 ? true : undefined,
    );
  });
});
