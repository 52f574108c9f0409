// An integration's dashboard and its records drill-down on changes moved through the drain's own
// store: series counted exactly per entity and bucket, tiles per flow, keyset pages; for any member
// of the tenant (nobody else), with hostile filters refused in words.
import { getQueueToken } from '@nestjs/bull';
import { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { QUEUES } from '#lb/queues';
import { cappedDrainJobId, drainJobId } from '#lb/sync';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { installStarterFlows, moveThrough } from './dashboard-world';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000).toISOString();

describe('dashboard: what moved, what failed, what waits — and the records behind the counts', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let xeroId: string;
  let tenantId: string;
  let base: string;

  const settledAt = async (sourceKey: string) =>
    (
      await owner.query<Array<{ settled_at: Date }>>(
        `SELECT settled_at FROM sync_pending_changes WHERE integration_id = $1 AND source_key = $2`,
        [integrationId, sourceKey],
      )
    )[0].settled_at;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true', REDIS_URL: await isolatedRedisUrl() });
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'dashboard');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId, xeroId } = await pairByHand(world, admin));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}`;
    const app = world.api.app!;
    await installStarterFlows(app, tenantId, integrationId);
    await moveThrough(app, tenantId, { integrationId, flowKey: 'customers', entity: 'customer' }, [
      {
        sourceKey: 'x3:c1',
        source: { _id: 'NZC001', BPCNUM: 'NZC001' },
        settle: { kind: 'done', outcome: { action: 'created' } },
      },
      {
        sourceKey: 'x3:c2',
        source: { _id: 'NZC002', BPCNUM: 'NZC002' },
        settle: { kind: 'done', outcome: { action: 'updated' } },
      },
      {
        sourceKey: 'x3:c3',
        source: { _id: 'NZC003', BPCNUM: 'NZC003' },
        settle: { kind: 'done', outcome: { action: 'unchanged' } },
      },
      {
        sourceKey: 'x3:c4',
        source: { _id: 'NZC004', BPCNUM: 'NZC004' },
        settle: { kind: 'dead', outcome: { messages: ['Email address is not valid'] }, error: 'validation' },
      },
    ]);
    await moveThrough(app, tenantId, { integrationId, flowKey: 'invoices', entity: 'invoice' }, [
      {
        sourceKey: 'x3:i1',
        source: { _id: 'FAC001', NUM: 'FAC001' },
        settle: { kind: 'done', outcome: { action: 'created' } },
      },
      {
        sourceKey: 'x3:i2',
        source: { _id: 'FAC002', NUM: 'FAC002' },
        settle: { kind: 'dead', outcome: { messages: ['Account code 999 is not valid'] }, error: 'validation' },
      },
      {
        sourceKey: 'x3:i3',
        source: { _id: 'FAC003', NUM: 'FAC003' },
        settle: { kind: 'waiting', waitingOn: 'customer:NZC009' },
      },
      { sourceKey: 'x3:i4', source: { _id: 'FAC004', NUM: 'FAC004' } },
    ]);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('counts each entity per hour exactly, with the success and failure rates', async () => {
    const res = await read(world, viewer.browser, `${base}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ integrationId, xeroConnectionId: xeroId, bucket: 'hour' });
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(86_400_000);
    const nonZero = (points: Array<Record<string, number | string>>) =>
      points.filter((p) => p.done || p.dead || p.held);
    const customerHour = hourOf(await settledAt('x3:c1'));
    const invoiceHour = hourOf(await settledAt('x3:i1'));
    const series = res.body.series as Array<{ entity: string; points: Array<Record<string, number | string>> }>;
    expect(series.map((s) => s.entity)).toEqual(['customer', 'invoice']);
    // 24 h cut in hours: 24 whole hours, or 25 when `from` is not on the hour
    expect(series[0].points.length).toBeGreaterThanOrEqual(24);
    expect(series[0].points.length).toBeLessThanOrEqual(25);
    expect(nonZero(series[0].points)).toEqual([
      { at: customerHour, done: 3, created: 1, updated: 1, dead: 1, held: 0 },
    ]);
    expect(nonZero(series[1].points)).toEqual([{ at: invoiceHour, done: 1, created: 1, updated: 0, dead: 1, held: 0 }]);
    const totals = nonZero(res.body.totals);
    expect(totals.reduce((a, p) => a + Number(p.done), 0)).toBe(4);
    expect(totals.reduce((a, p) => a + Number(p.dead), 0)).toBe(2);
    expect(res.body.range).toEqual({ done: 4, dead: 2, held: 0, successRate: '66.7', failureRate: '33.3' });

    // a range that ends before anything settled counts nothing
    const before = await read(world, admin.browser, `${base}/dashboard?from=2026-01-01&to=2026-01-02`);
    expect(before.status).toBe(200);
    expect(before.body.series).toEqual([]);
    expect(before.body.totals).toHaveLength(24);
    expect(before.body.range).toEqual({ done: 0, dead: 0, held: 0, successRate: null, failureRate: null });
    // bucket=day over a week: one point per UTC day
    const week = await read(world, admin.browser, `${base}/dashboard?bucket=day&from=2026-01-01&to=2026-01-08`);
    expect(week.status).toBe(200);
    expect(week.body.totals.map((p: { at: string }) => p.at.slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
    ]);
  });

  it('shows per flow: lag of the oldest open change, waiting, dead letters, queue, last run; and the Xero budget', async () => {
    const res = await read(world, admin.browser, `${base}/dashboard`);
    const flows = res.body.flows as Array<Record<string, unknown>>;
    const customers = flows.find((f) => f.flowKey === 'customers')!;
    const invoices = flows.find((f) => f.flowKey === 'invoices')!;
    const [oldestOpen] = await owner.query<Array<{ created_at: Date }>>(
      `SELECT min(created_at) AS created_at FROM sync_pending_changes
       WHERE integration_id = $1 AND flow_key = 'invoices' AND state IN ('pending', 'claimed', 'waiting')`,
      [integrationId],
    );
    expect(customers).toMatchObject({
      open: 0,
      pending: 0,
      waiting: 0,
      dead: 1,
      held: 0,
      oldestOpenAt: null,
      lagSeconds: null,
      lastSettledAt: (await settledAt('x3:c4')).toISOString(),
    });
    expect(invoices).toMatchObject({
      open: 2,
      pending: 1,
      claimed: 0,
      waiting: 1,
      dead: 1,
      oldestOpenAt: oldestOpen.created_at.toISOString(),
      lastSettledAt: (await settledAt('x3:i1')).toISOString(),
      lastPolledAt: null,
    });
    expect(invoices.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(invoices.lagSeconds).toBeLessThan(600);
    expect(flows.filter((f) => f.open !== 0).map((f) => f.flowKey)).toEqual(['invoices']);
    expect(res.body.drainJobs.available).toBe(true);
    expect(res.body.drainJobs.flows).toContainEqual({ flowKey: 'invoices', waiting: 0, delayed: 0, active: 0 });
    const config = world.api.app!.get<AppConfig>(APP_CONFIG);
    expect(res.body.xeroBudget).toMatchObject({
      available: true,
      connectionId: xeroId,
      minute: { limit: config.XERO_MINUTE_LIMIT },
      day: { limit: config.XERO_DAY_LIMIT },
    });
    const [org] = await owner.query<Array<{ tenant_name: string }>>(
      `SELECT tenant_name FROM xero_connections WHERE id = $1`,
      [xeroId],
    );
    expect(org.tenant_name).not.toBe('');
    expect(res.body.xeroBudget.name).toBe(org.tenant_name);
    expect(res.body.xeroBudget.day.left).toBeLessThanOrEqual(config.XERO_DAY_LIMIT);
    expect(res.body.xeroBudget.day.used).toBeGreaterThanOrEqual(0);
  });

  it("counts a flow's queued drain jobs from Bull under their fixed ids, and none once they are gone", async () => {
    const queue = world.api.app!.get<Queue>(getQueueToken(QUEUES.sync));
    const scope = { integrationId, flowKey: 'customers' };
    const later = { delay: 3_600_000 };
    const jobs = [
      await queue.add('drain', scope, { ...later, jobId: drainJobId(scope) }),
      await queue.add('drain', scope, { ...later, jobId: cappedDrainJobId(scope) }),
      // another integration's drain of the same flow is not this dashboard's
      await queue.add(
        'drain',
        { ...scope, integrationId: NOBODY },
        { jobId: drainJobId({ ...scope, integrationId: NOBODY }) },
      ),
    ];
    const waiting = await queue.add(
      'drain',
      { ...scope, flowKey: 'invoices' },
      {
        jobId: drainJobId({ integrationId, flowKey: 'invoices' }),
      },
    );
    try {
      const res = await read(world, admin.browser, `${base}/dashboard`);
      expect(res.body.drainJobs.available).toBe(true);
      expect(res.body.drainJobs.flows).toContainEqual({ flowKey: 'customers', waiting: 0, delayed: 2, active: 0 });
      expect(res.body.drainJobs.flows).toContainEqual({ flowKey: 'invoices', waiting: 1, delayed: 0, active: 0 });
    } finally {
      for (const job of [...jobs, waiting]) await job.remove();
    }
    const after = await read(world, admin.browser, `${base}/dashboard`);
    expect(after.body.drainJobs.flows).toContainEqual({ flowKey: 'customers', waiting: 0, delayed: 0, active: 0 });
    expect(after.body.drainJobs.flows).toContainEqual({ flowKey: 'invoices', waiting: 0, delayed: 0, active: 0 });
  });

  it('lists the records behind a count: filters by status, entity, flow and record key', async () => {
    const dead = await read(world, viewer.browser, `${base}/records?status=dead`);
    expect(dead.status).toBe(200);
    expect(dead.body.nextCursor).toBeNull();
    expect(
      dead.body.records.map((r: Record<string, unknown>) => [r.sourceKey, r.recordKey, r.entity, r.messages]),
    ).toEqual(
      expect.arrayContaining([
        ['x3:c4', 'NZC004', 'customer', ['Email address is not valid']],
        ['x3:i2', 'FAC002', 'invoice', ['Account code 999 is not valid']],
      ]),
    );
    expect(dead.body.records).toHaveLength(2);
    expect(JSON.stringify(dead.body)).not.toContain('"source"');

    const deadCustomers = await read(world, viewer.browser, `${base}/records?status=dead&entity=customer`);
    expect(deadCustomers.body.records.map((r: { sourceKey: string }) => r.sourceKey)).toEqual(['x3:c4']);
    expect(deadCustomers.body.records[0]).toMatchObject({ state: 'dead', error: 'validation', flowKey: 'customers' });

    const open = await read(world, viewer.browser, `${base}/records?status=open&flow=invoices`);
    expect(open.body.records.map((r: { sourceKey: string }) => r.sourceKey).sort()).toEqual(['x3:i3', 'x3:i4']);
    expect(open.body.records.find((r: { sourceKey: string }) => r.sourceKey === 'x3:i3').waitingOn).toBe(
      'customer:NZC009',
    );

    const byRecordKey = await read(world, viewer.browser, `${base}/records?key=FAC002`);
    expect(byRecordKey.body.records.map((r: { sourceKey: string }) => r.sourceKey)).toEqual(['x3:i2']);
    const bySourceKey = await read(world, viewer.browser, `${base}/records?key=x3%3Ac2`);
    expect(bySourceKey.body.records).toEqual([
      expect.objectContaining({ sourceKey: 'x3:c2', recordKey: 'NZC002', state: 'done', action: 'updated' }),
    ]);
    const before = await read(world, viewer.browser, `${base}/records?from=2026-01-01&to=2026-01-02`);
    expect(before.body).toEqual({ records: [], nextCursor: null });
  });

  it('pages by keyset: newest change first, every record once', async () => {
    const all = await read(world, admin.browser, `${base}/records?limit=200`);
    expect(all.body.records).toHaveLength(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { records: Array<{ id: string }>; nextCursor: string | null } } = await read(
        world,
        admin.browser,
        `${base}/records?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.records.map((r) => r.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.body.records.map((r: { id: string }) => r.id));
    const times = all.body.records.map((r: { updatedAt: string }) => Date.parse(r.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("answers 404 for another tenant's integration or an unknown one, 400 for a malformed id, 401 signed out", async () => {
    for (const route of ['dashboard', 'records']) {
      expect((await read(world, stranger.browser, `${base}/${route}`)).status).toBe(404);
      expect((await read(world, admin.browser, `/api/integrations/${NOBODY}/${route}`)).status).toBe(404);
      expect((await read(world, admin.browser, `/api/integrations/nope/${route}`)).status).toBe(400);
      expect((await read(world, new CookieBrowser(), `${base}/${route}`)).status).toBe(401);
    }
  });

  it('refuses hostile filters with a clear message', async () => {
    const refused = async (path: string, words: RegExp) => {
      const res = await read(world, admin.browser, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(words);
    };
    await refused(`${base}/dashboard?from=yesterday`, /from must be an ISO-8601 time/);
    await refused(`${base}/dashboard?from=2026-02-30`, /from must be a real calendar date/);
    await refused(`${base}/dashboard?to=2026-13-01T00:00:00Z`, /to must be an ISO-8601 time/);
    await refused(`${base}/dashboard?from=2026-03-02&to=2026-03-01`, /from must be before to/);
    await refused(`${base}/dashboard?from=2026-01-01&to=2026-03-01&bucket=hour`, /at most 7 days with bucket=hour/);
    await refused(`${base}/dashboard?from=2025-01-01&to=2026-01-01`, /at most 92 days with bucket=day/);
    await refused(`${base}/dashboard?bucket=minute`, /bucket must be one of hour, day/);
    await refused(`${base}/dashboard?to=2099-01-01`, /to must not be more than a day ahead/);
    await refused(`${base}/dashboard?from[$gt]=x`, /from/);
    await refused(`${base}/records?entity=unicorn`, /entity must be one of/);
    await refused(`${base}/records?status=lost`, /status must be one of/);
    await refused(`${base}/records?flow=DROP%20TABLE`, /flow must be lower-case words/);
    await refused(`${base}/records?cursor=not-a-cursor`, /cursor is not one this list gave out/);
    await refused(`${base}/records?limit=0`, /limit must be a whole number from 1 to 200/);
    await refused(`${base}/records?limit=201`, /limit must be a whole number from 1 to 200/);
    await refused(`${base}/records?from=2025-01-01&to=2026-01-01`, /at most 92 days/);
    await refused(`${base}/records?key=${'x'.repeat(201)}`, /key must be 1 to 200 characters/);
    await refused(`${base}/records?sql=1`, /sql should not exist/);
  });
});
