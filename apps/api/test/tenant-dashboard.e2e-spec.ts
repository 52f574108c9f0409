// The tenant-wide dashboard: the per-integration figures summed exactly over two integrations of
// one tenant, one summary row per integration, and never a row of another tenant's (which has data
// of its own); for any member of the tenant, with the per-integration route's filters refused alike.
import { DataSource } from 'typeorm';
import type { Settlement } from '#lb/sync';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { installStarterFlows, moveThrough, pairSecond } from './dashboard-world';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000).toISOString();
const done = (action: 'created' | 'updated'): Settlement => ({ kind: 'done', outcome: { action } });
const dead: Settlement = {
  kind: 'dead',
  outcome: { messages: ['Account code 999 is not valid'] },
  error: 'validation',
};
const held: Settlement = { kind: 'held', outcome: { messages: ['Before the lock date'] } };
type Point = { at: string; done: number; created: number; updated: number; dead: number; held: number };
type Row = Record<string, unknown> & { integrationId: string };

describe('tenant-wide dashboard: every integration of the tenant together, one row each', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let first: string;
  let second: string;
  let theirs: string;

  /** What the database holds for one integration, read as owner (RLS off). */
  const truth = async (integrationId: string) =>
    (
      await owner.query<Array<{ last: Date | null; oldest: Date | null }>>(
        `SELECT max(settled_at) AS last,
                min(created_at) FILTER (WHERE state IN ('pending', 'claimed', 'waiting')) AS oldest
           FROM sync_pending_changes WHERE integration_id = $1`,
        [integrationId],
      )
    )[0];

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'tenant-dash');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'tenant-dash-stranger');
    ({ integrationId: first } = await pairByHand(world, admin));
    second = await pairSecond(world, admin, 'Wellington');
    ({ integrationId: theirs } = await pairByHand(world, stranger));
    const tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const theirTenant = (await read(world, stranger.browser, '/api/tenant')).body.id;
    const app = world.api.app!;
    for (const [tenant, integrationId] of [
      [tenantId, first],
      [tenantId, second],
      [theirTenant, theirs],
    ]) {
      await installStarterFlows(app, tenant, integrationId);
    }
    // the first: 2 customers (1 created, 1 dead), 2 invoices (1 updated, 1 left pending)
    await moveThrough(app, tenantId, { integrationId: first, flowKey: 'customers', entity: 'customer' }, [
      { sourceKey: 'x3:c1', source: { _id: 'NZC001', BPCNUM: 'NZC001' }, settle: done('created') },
      { sourceKey: 'x3:c2', source: { _id: 'NZC002', BPCNUM: 'NZC002' }, settle: dead },
    ]);
    await moveThrough(app, tenantId, { integrationId: first, flowKey: 'invoices', entity: 'invoice' }, [
      { sourceKey: 'x3:i1', source: { _id: 'FAC001', NUM: 'FAC001' }, settle: done('updated') },
      { sourceKey: 'x3:i2', source: { _id: 'FAC002', NUM: 'FAC002' } },
    ]);
    // the second: 3 customers (2 created, 1 held), 2 invoices (1 dead, 1 waiting)
    await moveThrough(app, tenantId, { integrationId: second, flowKey: 'customers', entity: 'customer' }, [
      { sourceKey: 'x3:c1', source: { _id: 'NZC001', BPCNUM: 'NZC001' }, settle: done('created') },
      { sourceKey: 'x3:c5', source: { _id: 'NZC005', BPCNUM: 'NZC005' }, settle: done('created') },
      { sourceKey: 'x3:c6', source: { _id: 'NZC006', BPCNUM: 'NZC006' }, settle: held },
    ]);
    await moveThrough(app, tenantId, { integrationId: second, flowKey: 'invoices', entity: 'invoice' }, [
      { sourceKey: 'x3:i7', source: { _id: 'FAC007', NUM: 'FAC007' }, settle: dead },
      { sourceKey: 'x3:i8', source: { _id: 'FAC008', NUM: 'FAC008' }, settle: { kind: 'waiting', waitingOn: 'x' } },
    ]);
    // another tenant: 7 customers done, 3 dead invoices, 2 pending — none of it is ours
    await moveThrough(
      app,
      theirTenant,
      { integrationId: theirs, flowKey: 'customers', entity: 'customer' },
      Array.from({ length: 7 }, (_, n) => ({
        sourceKey: `x3:t${n}`,
        source: { BPCNUM: `T${n}` },
        settle: done('created'),
      })),
    );
    await moveThrough(app, theirTenant, { integrationId: theirs, flowKey: 'invoices', entity: 'invoice' }, [
      ...Array.from({ length: 3 }, (_, n) => ({ sourceKey: `x3:d${n}`, source: { NUM: `D${n}` }, settle: dead })),
      { sourceKey: 'x3:p1', source: { NUM: 'P1' } },
      { sourceKey: 'x3:p2', source: { NUM: 'P2' } },
    ]);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('sums the series and rates of both integrations exactly, and none of the other tenant', async () => {
    const res = await read(world, viewer.browser, '/api/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.bucket).toBe('hour');
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(86_400_000);
    const series = res.body.series as Array<{ entity: string; points: Point[] }>;
    expect(series.map((s) => s.entity)).toEqual(['customer', 'invoice']);
    const sum = (points: Point[]) =>
      points.reduce(
        (a, p) => ({
          done: a.done + p.done,
          created: a.created + p.created,
          updated: a.updated + p.updated,
          dead: a.dead + p.dead,
          held: a.held + p.held,
        }),
        { done: 0, created: 0, updated: 0, dead: 0, held: 0 },
      );
    expect(sum(series[0].points)).toEqual({ done: 3, created: 3, updated: 0, dead: 1, held: 1 });
    expect(sum(series[1].points)).toEqual({ done: 1, created: 0, updated: 1, dead: 1, held: 0 });
    expect(sum(res.body.totals)).toEqual({ done: 4, created: 3, updated: 1, dead: 2, held: 1 });
    expect(res.body.range).toEqual({ done: 4, dead: 2, held: 1, successRate: '57.1', failureRate: '42.9' });
    // each settled change in its own hour (both integrations' rows land in the hour they settled)
    const [{ hours }] = await owner.query<Array<{ hours: Date[] }>>(
      `SELECT array_agg(settled_at) AS hours FROM sync_pending_changes
        WHERE integration_id = ANY($1::uuid[]) AND settled_at IS NOT NULL`,
      [[first, second]],
    );
    const expected = new Map<string, number>();
    for (const h of hours) expected.set(hourOf(new Date(h)), (expected.get(hourOf(new Date(h))) ?? 0) + 1);
    const counted = (res.body.totals as Point[])
      .filter((p) => p.done + p.dead + p.held)
      .map((p) => [p.at, p.done + p.dead + p.held]);
    expect(new Map(counted as Array<[string, number]>)).toEqual(expected);

    // the other tenant sees its own figures only
    const them = await read(world, stranger.browser, '/api/dashboard');
    expect(them.status).toBe(200);
    expect(them.body.range).toEqual({ done: 7, dead: 3, held: 0, successRate: '70.0', failureRate: '30.0' });
    expect(them.body.integrations.map((r: Row) => r.integrationId)).toEqual([theirs]);
  });

  it('gives one summary row per integration: open, waiting, held, dead letters, worst lag, last settled', async () => {
    const res = await read(world, admin.browser, '/api/dashboard');
    const rows = res.body.integrations as Row[];
    expect(rows.map((r) => [r.integrationId, r.name])).toEqual([
      [first, 'By hand'],
      [second, 'Wellington'],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(theirs);
    const [a, b] = [await truth(first), await truth(second)];
    expect(rows[0]).toMatchObject({
      status: 'active',
      open: 1,
      waiting: 0,
      held: 0,
      dead: 1,
      oldestOpenAt: a.oldest!.toISOString(),
      lastSettledAt: a.last!.toISOString(),
    });
    expect(rows[1]).toMatchObject({
      open: 1,
      waiting: 1,
      held: 1,
      dead: 1,
      oldestOpenAt: b.oldest!.toISOString(),
      lastSettledAt: b.last!.toISOString(),
    });
    for (const row of rows) {
      expect(row.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(row.lagSeconds).toBeLessThan(600);
    }
    // the per-integration dashboard counts the same rows as the first summary row
    const one = await read(world, admin.browser, `/api/integrations/${first}/dashboard`);
    expect(one.body.range).toEqual({ done: 2, dead: 1, held: 0, successRate: '66.7', failureRate: '33.3' });
  });

  it('answers a tenant with no integration with empty figures', async () => {
    const alone = await signedUpOwner(world, 'tenant-dash-alone');
    const res = await read(world, alone.browser, '/api/dashboard?bucket=day&from=2026-01-01&to=2026-01-08');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ series: [], integrations: [], range: { done: 0, successRate: null } });
    expect(res.body.totals).toHaveLength(7);
  });

  it('is for members only: 401 signed out', async () => {
    expect((await read(world, new CookieBrowser(), '/api/dashboard')).status).toBe(401);
  });

  it('refuses hostile filters with the per-integration route’s messages', async () => {
    const refused = async (path: string, words: RegExp) => {
      const res = await read(world, viewer.browser, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(words);
    };
    await refused('/api/dashboard?from=yesterday', /from must be an ISO-8601 time/);
    await refused('/api/dashboard?from=2026-02-30', /from must be a real calendar date/);
    await refused('/api/dashboard?from=2026-03-02&to=2026-03-01', /from must be before to/);
    await refused('/api/dashboard?from=2026-01-01&to=2026-03-01&bucket=hour', /at most 7 days with bucket=hour/);
    await refused('/api/dashboard?from=2025-01-01&to=2026-01-01', /at most 92 days with bucket=day/);
    await refused('/api/dashboard?bucket=minute', /bucket must be one of hour, day/);
    await refused('/api/dashboard?to=2099-01-01', /to must not be more than a day ahead/);
    await refused('/api/dashboard?from[$gt]=x', /from/);
    await refused(`/api/dashboard?from=${'2'.repeat(41)}`, /from must be an ISO-8601 time or date/);
    await refused('/api/dashboard?integration=x', /integration should not exist/);
  });
});
