// The run log and record trail routes: any member reads them (a viewer too), nobody else; another
// tenant's integration, run or record answers 404; hostile queries (bad dates, huge limits, forged
// cursors, SQL-ish keys) answer 400 with a message saying which; a broken table answers 500
// without SQL. Runs and events are seeded as the drain writes them (record-trail.int-spec.ts
// proves the drain writes them).
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CookieBrowser, isolatedDatabase, ownerDataSource, SuiteDatabase } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, pairByHand, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('the run log and record trail routes', () => {
  let world: XeroWorld;
  let db: SuiteDatabase;
  let owner: DataSource;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let tenantId: string;
  let integrationId: string;
  let theirIntegration: string;
  let runId: string;
  let base: string;

  const seedRun = async (tenant: string, integration: string, minutesAgo: number, outcome = 'ok') => {
    const id = randomUUID();
    await owner.query(
      `INSERT INTO sync_runs (id, tenant_id, integration_id, flow_key, direction, started_at, finished_at, claimed,
         created, dead, xero_calls, outcome, status)
       VALUES ($1, $2, $3, 'invoices', 'x3-to-xero', now() - $4 * interval '1 minute',
               now() - $4 * interval '1 minute' + interval '2 seconds', 2, 1, $5, 3, $6, 'drained')`,
      [id, tenant, integration, minutesAgo, outcome === 'ok' ? 0 : 1, outcome],
    );
    return id;
  };
  const seedEvent = (tenant: string, integration: string, run: string | null, e: Record<string, unknown>) =>
    owner.query(
      `INSERT INTO sync_record_events (tenant_id, integration_id, run_id, flow_key, entity, direction, event, at,
         source_key, record_key, target_id, before, after, response)
       VALUES ($1, $2, $3, 'invoices', 'invoice', 'x3-to-xero', $4, now() - $5 * interval '1 second', $6, $7, $8,
               $9::jsonb, $10::jsonb, $11::jsonb)`,
      [
        tenant,
        integration,
        run,
        e.event,
        e.secondsAgo ?? 0,
        e.sourceKey,
        e.recordKey ?? e.sourceKey,
        e.targetId ?? null,
        e.before ? JSON.stringify(e.before) : null,
        e.after ? JSON.stringify(e.after) : null,
        e.response ? JSON.stringify(e.response) : null,
      ],
    );

  beforeAll(async () => {
    // its own database: the last test renames sync_runs, which every drain suite beside it writes
    db = await isolatedDatabase();
    world = await startXeroWorld({
      ALLOW_PRIVATE_TARGETS: 'true',
      REDIS_URL: await isolatedRedisUrl(),
      DATABASE_URL: db.urls.DATABASE_URL,
    });
    owner = await ownerDataSource(db.urls.DATABASE_OWNER_URL);
    admin = await signedUpOwner(world, 'trail');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    ({ integrationId } = await pairByHand(world, admin));
    ({ integrationId: theirIntegration } = await pairByHand(world, stranger));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    const theirTenant = (await read(world, stranger.browser, '/api/tenant')).body.id;
    base = `/api/integrations/${integrationId}`;

    runId = await seedRun(tenantId, integrationId, 5, 'partial');
    await seedRun(tenantId, integrationId, 30);
    await seedRun(tenantId, integrationId, 60);
    await seedEvent(tenantId, integrationId, null, { event: 'accepted', sourceKey: 'SIHNZ0110001', secondsAgo: 400 });
    await seedEvent(tenantId, integrationId, runId, {
      event: 'mapped',
      sourceKey: 'SIHNZ0110001',
      secondsAgo: 300,
      before: { _id: 'SIHNZ0110001', customer: 'NZC001' },
      after: { invoiceNumber: 'SIHNZ0110001', type: 'ACCREC' },
    });
    await seedEvent(tenantId, integrationId, runId, {
      event: 'written',
      sourceKey: 'SIHNZ0110001',
      secondsAgo: 299,
      targetId: 'aaaabbbb-0000-4000-8000-000000000001',
      response: { action: 'created', targetId: 'aaaabbbb-0000-4000-8000-000000000001' },
    });
    await seedEvent(tenantId, integrationId, runId, {
      event: 'dead',
      sourceKey: 'SIHNZ0110002',
      secondsAgo: 298,
      response: { messages: ['Account code 999 is not valid'] },
    });
    // the stranger's own trail, which the admin must never reach
    const theirRun = await seedRun(theirTenant, theirIntegration, 1);
    await seedEvent(theirTenant, theirIntegration, theirRun, { event: 'written', sourceKey: 'THEIRS0001' });
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
    await db?.drop();
  });

  it('lists runs newest first with keyset pages and filters, for a viewer too', async () => {
    const first = await read(world, viewer.browser, `${base}/runs?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ id: runId, outcome: 'partial', xeroCalls: 3, flowKey: 'invoices' });
    expect(first.body.items[0].counts).toMatchObject({ claimed: 2, created: 1, dead: 1 });
    const next = await read(world, viewer.browser, `${base}/runs?limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    const failedOnly = await read(world, admin.browser, `${base}/runs?outcome=partial`);
    expect(failedOnly.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await read(world, admin.browser, `${base}/runs?from=${since}`)).body.items).toHaveLength(1);
  });

  it("shows a run with its log lines, and a record's whole trail oldest first with payloads", async () => {
    const run = await read(world, viewer.browser, `${base}/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body.events.map((e: { event: string }) => e.event)).toEqual(['mapped', 'written', 'dead']);
    expect(run.body.events[0].before).toBeUndefined();

    const trail = await read(world, viewer.browser, `${base}/trail/SIHNZ0110001`);
    expect(trail.status).toBe(200);
    expect(trail.body.map((e: { event: string }) => e.event)).toEqual(['accepted', 'mapped', 'written']);
    expect(trail.body[1]).toMatchObject({ before: { customer: 'NZC001' }, after: { type: 'ACCREC' } });
    expect(trail.body[2].response).toMatchObject({ action: 'created' });
    // by its Xero id too
    const byTarget = await read(world, viewer.browser, `${base}/trail/aaaabbbb-0000-4000-8000-000000000001`);
    expect(byTarget.body).toHaveLength(3);
  });

  it('searches the trail by a prefix of the record key, source id or target id, with filters', async () => {
    const byKey = await read(world, viewer.browser, `${base}/trail?key=SIHNZ011`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.items).toHaveLength(4);
    const dead = await read(world, viewer.browser, `${base}/trail?key=SIHNZ&status=dead`);
    expect(dead.body.items.map((e: { sourceKey: string }) => e.sourceKey)).toEqual(['SIHNZ0110002']);
    const byTarget = await read(world, viewer.browser, `${base}/trail?key=aaaabbbb`);
    expect(byTarget.body.items.map((e: { event: string }) => e.event)).toEqual(['written']);
    const page = await read(world, viewer.browser, `${base}/trail?entity=invoice&limit=3`);
    expect(page.body.items).toHaveLength(3);
    const rest = await read(
      world,
      viewer.browser,
      `${base}/trail?entity=invoice&limit=3&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(1);
    // a LIKE wildcard in the key is taken literally
    expect((await read(world, viewer.browser, `${base}/trail?key=%25`)).body.items).toEqual([]);
    expect((await read(world, viewer.browser, `${base}/trail?key=SIH_Z`)).body.items).toEqual([]);
  });

  it("answers 404 for another tenant's integration, run and record, and for unknown ones", async () => {
    const theirs = `/api/integrations/${theirIntegration}`;
    for (const path of [
      `${theirs}/runs`,
      `${theirs}/trail`,
      `${theirs}/trail/THEIRS0001`,
      `${base}/runs/${NOBODY}`,
      `${base}/trail/THEIRS0001`,
      `/api/integrations/${NOBODY}/runs`,
    ]) {
      const res = await read(world, admin.browser, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const theirRun = (await read(world, stranger.browser, `${theirs}/runs`)).body.items[0].id;
    expect((await read(world, admin.browser, `${base}/runs/${theirRun}`)).status).toBe(404);
    expect((await read(world, admin.browser, `${theirs}/runs/${theirRun}`)).status).toBe(404);
    // and the admin's own trail never shows theirs
    expect((await read(world, admin.browser, `${base}/trail?key=THEIRS`)).body.items).toEqual([]);
  });

  it('refuses anyone signed out', async () => {
    const nobody = new CookieBrowser();
    expect((await read(world, nobody, `${base}/runs`)).status).toBe(401);
    expect((await read(world, nobody, `${base}/trail/SIHNZ0110001`)).status).toBe(401);
  });

  it('refuses hostile queries with 400 and a message that says which', async () => {
    const cases: Array<[string, RegExp]> = [
      [`${base}/runs?from=yesterday`, /from must be an ISO-8601/],
      [`${base}/runs?to=2026-13-45T00:00:00Z`, /to must be an ISO-8601/],
      [`${base}/runs?limit=1000000`, /limit/],
      [`${base}/runs?limit=-1`, /limit/],
      [`${base}/runs?outcome=ok'%20OR%201=1--`, /outcome/],
      [`${base}/runs?flow=x;DROP%20TABLE%20sync_runs`, /flow must be/],
      [`${base}/runs?cursor=not-one-of-ours`, /cursor/],
      [`${base}/runs?cursor=${Buffer.from("2026-01-01|1' OR '1'='1").toString('base64url')}`, /cursor/],
      [`${base}/trail?status=deleted`, /status/],
      [`${base}/trail?entity=invoice';--`, /entity must be/],
      [`${base}/trail?key=${'A'.repeat(201)}`, /key must be/],
      [`${base}/trail?key=%07abc`, /key must be/],
      [`${base}/trail?key=%00abc`, /NUL/],
      [`${base}/trail?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, /from must be before to/],
      [`${base}/runs/not-a-uuid`, /runId must be a UUID/],
      [`/api/integrations/1'--/trail`, /integrationId must be a UUID/],
    ];
    for (const [path, message] of cases) {
      const res = await read(world, admin.browser, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    // the SQL-ish key is only a key: searched, found nothing, and the tables are still there
    const sqlish = await read(
      world,
      admin.browser,
      `${base}/trail?key=${encodeURIComponent("' OR 1=1; DROP TABLE sync_runs;--")}`,
    );
    expect(sqlish.status).toBe(200);
    expect(sqlish.body.items).toEqual([]);
    expect((await read(world, admin.browser, `${base}/runs`)).body.items).toHaveLength(3);
  });

  it('answers 500 without SQL or internals when its table fails', async () => {
    await owner.query(`ALTER TABLE sync_runs RENAME TO sync_runs_away`);
    try {
      const res = await read(world, admin.browser, `${base}/runs`);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/sync_runs|SELECT|relation/i);
    } finally {
      await owner.query(`ALTER TABLE sync_runs_away RENAME TO sync_runs`);
    }
    expect((await read(world, admin.browser, `${base}/runs`)).status).toBe(200);
  });
});
