// The dashboard when Redis (Bull's drain jobs, the Xero meter) is gone: the page still answers
// promptly with its PostgreSQL figures, and only the Redis tiles say they are unavailable. Its own
// redis-server: stopping the shared one would break the suites running beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '#lb/testing';
import { findFreePort } from '../../../scripts/devstack/ports';
import { LocalRedisHandle, startLocalRedis } from '../../../scripts/devstack/redis';
import { installStarterFlows, moveThrough } from './dashboard-world';
import { Member, pairByHand, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

describe('dashboard while Redis is down', () => {
  let redis: LocalRedisHandle | undefined;
  let world: XeroWorld;
  let dataDir: string;
  let port: number;
  let admin: Member;
  let base: string;

  beforeAll(async () => {
    port = await findFreePort();
    dataDir = mkdtempSync(join(tmpdir(), 'lb-dashboard-redis-'));
    redis = await startLocalRedis({ port, dataDir });
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: redis.url });
    admin = await signedUpOwner(world, 'dash-redis');
    const { integrationId } = await pairByHand(world, admin);
    const tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}`;
    await installStarterFlows(world.api.app!, tenantId, integrationId);
    await moveThrough(world.api.app!, tenantId, { integrationId, flowKey: 'customers', entity: 'customer' }, [
      { sourceKey: 'x3:c1', source: { BPCNUM: 'NZC001' }, settle: { kind: 'done', outcome: { action: 'created' } } },
      { sourceKey: 'x3:c2', source: { BPCNUM: 'NZC002' }, settle: { kind: 'dead', outcome: {}, error: 'validation' } },
    ]);
  });
  afterAll(async () => {
    await world?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers within seconds with the PostgreSQL figures; the queue and Xero budget tiles say unavailable', async () => {
    const up = await read(world, admin.browser, `${base}/dashboard`);
    expect(up.status).toBe(200);
    expect(up.body.drainJobs.available).toBe(true);
    expect(up.body.xeroBudget.available).toBe(true);

    await redis!.stop();
    redis = undefined;
    const started = Date.now();
    const down = await read(world, admin.browser, `${base}/dashboard`);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(down.status).toBe(200);
    expect(down.body.range).toMatchObject({ done: 1, dead: 1 });
    expect(down.body.flows.find((f: { flowKey: string }) => f.flowKey === 'customers')).toMatchObject({ dead: 1 });
    expect(down.body.drainJobs).toEqual({ available: false, flows: [] });
    expect(down.body.xeroBudget).toMatchObject({ available: false, minute: null, day: null });
    // the tenant-wide dashboard reads PostgreSQL only: Redis gone changes nothing there
    const tenantWide = await read(world, admin.browser, '/api/dashboard');
    expect(tenantWide.status).toBe(200);
    expect(tenantWide.body.range).toMatchObject({ done: 1, dead: 1 });
    expect(tenantWide.body.integrations).toEqual([expect.objectContaining({ dead: 1, open: 0 })]);
    const records = await read(world, admin.browser, `${base}/records?status=dead`);
    expect(records.status).toBe(200);
    expect(records.body.records).toHaveLength(1);

    redis = await startLocalRedis({ port, dataDir });
    await eventually('the Redis tiles back', async () => {
      const res = await read(world, admin.browser, `${base}/dashboard`);
      return res.body?.drainJobs?.available && res.body?.xeroBudget?.available ? true : undefined;
    });
  });
});
