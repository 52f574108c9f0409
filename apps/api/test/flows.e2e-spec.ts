import { DataSource } from 'typeorm';
import { StarterFlows } from '#lb/sync';
import { eventually, ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { invitedViewer, Member, signedUpOwner, staleAuth, syncJobsOf } from './flows-world';
import { change, read, signInWithXero, startXeroWorld, XeroWorld } from './xero-world';

const STARTER_KEYS = [
  'bills',
  'credit-notes',
  'customers',
  'invoices',
  'journals',
  'orders',
  'payments',
  'products',
  'stock-levels',
  'suppliers',
  'xero-bills',
  'xero-credit-notes',
  'xero-payments',
];
/**
 * Installed off in the trial: stock levels only list changes; X3 sales orders as Xero drafts, and
 * Xero's bills, credit notes and payments into X3, are opt-in.
 */
const OFF_KEYS = ['orders', 'stock-levels', 'xero-bills', 'xero-credit-notes', 'xero-payments'];
const WRITING_KEYS = STARTER_KEYS.filter((k) => !OFF_KEYS.includes(k));
/** What feeds the xero-to-x3 starter flows: Invoices and CreditNotes webhook events; Payments only by polling. */
const XERO_TRIGGERS: Record<string, unknown> = {
  'xero-bills': { kind: 'webhook' },
  'xero-credit-notes': { kind: 'webhook' },
  'xero-payments': { kind: 'schedule', everySeconds: 300 },
};
const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('flows: the sandbox trial starts its starter flows; the flows API', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let redisUrl: string;
  let admin: Member;
  let viewer: Member;
  let stranger: Member;
  let integrationId: string;
  let tenantId: string;
  let base: string;

  const count = async (sql: string, params: unknown[]) =>
    Number((await owner.query<Array<{ n: string }>>(sql, params))[0].n);
  const flowVersions = () =>
    count(`SELECT count(*) AS n FROM sync_flow_versions WHERE integration_id = $1`, [integrationId]);
  const mappingVersions = () =>
    count(`SELECT count(*) AS n FROM mapping_versions WHERE integration_id = $1`, [integrationId]);

  beforeAll(async () => {
    redisUrl = await isolatedRedisUrl(); // no worker anywhere takes this suite's jobs: they can be counted
    world = await startXeroWorld({ REDIS_URL: redisUrl }, (sandboxUrl) => ({ SANDBOX_URL: sandboxUrl }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'flows');
    viewer = await invitedViewer(world, owner, admin);
    stranger = await signedUpOwner(world, 'stranger');
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('the trial installs the starter mappings and flows, switches the writing ones on and asks for a read and a drain of each', async () => {
    const trial = await change(world, admin.browser, 'POST', '/api/sandbox/try');
    expect(trial.status).toBe(201);
    integrationId = trial.body.integrationId;
    base = `/api/integrations/${integrationId}`;
    expect([...trial.body.flowsEnabled].sort()).toEqual(WRITING_KEYS);

    const listed = await read(world, viewer.browser, `${base}/flows`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ integrationId, status: 'active', pauseReasons: [] });
    expect(listed.body.flows.map((f: { flowKey: string }) => f.flowKey)).toEqual(STARTER_KEYS);
    for (const flow of listed.body.flows) {
      expect(flow).toMatchObject({
        activeVersion: 1,
        enabled: !OFF_KEYS.includes(flow.flowKey),
        trigger: XERO_TRIGGERS[flow.flowKey] ?? { kind: 'x3-poll', everySeconds: 5 },
        counts: { dead: 0 },
      });
      // All suites share one database, and another suite's worker sweeps every tenant's due flows:
      // the trial's first changes may already be read (a full run once listed one pending). The
      // counts are then the flow's own, and the ETA is 0 exactly when nothing is open.
      const counts = flow.counts as Record<string, number>;
      expect(Object.keys(counts).sort()).toEqual(['claimed', 'dead', 'done', 'held', 'pending', 'waiting']);
      expect(Object.values(counts).every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
      const { pending, claimed } = counts;
      if (pending + claimed === 0) expect(flow.backfillEtaMinutes).toBe(0);
    }
    expect(listed.body.flows.find((f: { flowKey: string }) => f.flowKey === 'customers')).toMatchObject({
      entity: 'customer',
      direction: 'both-ways',
    });
    expect(listed.body.flows.find((f: { flowKey: string }) => f.flowKey === 'orders')).toMatchObject({
      entity: 'salesOrder',
      direction: 'x3-to-xero',
      enabled: false,
    });
    expect(listed.body.flows.find((f: { flowKey: string }) => f.flowKey === 'xero-bills')).toMatchObject({
      entity: 'bill',
      direction: 'xero-to-x3',
      enabled: false,
    });
    // The region's starter templates: every entity from X3; customers, suppliers, bills, credit notes and payments back from Xero.
    const mappings = (await read(world, viewer.browser, `${base}/mappings`)).body as Array<{
      entity: string;
      direction: string;
    }>;
    expect(mappings).toHaveLength(15);
    expect(
      mappings
        .filter((m) => m.direction === 'xero-to-x3')
        .map((m) => m.entity)
        .sort(),
    ).toEqual(['bill', 'creditNote', 'customer', 'payment', 'supplier']);
    const customers = await read(world, viewer.browser, `${base}/mappings/customer/x3-to-xero`);
    expect(customers.body.document.description).toMatch(/^Starter \(NZ/);

    // Records move at once: an X3 read and a drain of each writing flow are queued (no worker runs here).
    const jobs = await eventually('the trial’s poll and drain jobs in the sync queue', async () => {
      const found = await syncJobsOf(redisUrl, integrationId);
      return found.filter((j) => j.name === 'poll-x3').length === WRITING_KEYS.length ? found : undefined;
    });
    expect(
      jobs
        .filter((j) => j.name === 'poll-x3')
        .map((j) => j.flowKey)
        .sort(),
    ).toEqual(WRITING_KEYS);
    // under the sweep's own poll ids: the sweep, finding the new flows due, adds no second full read
    expect(jobs.filter((j) => j.name === 'poll-x3').map((j) => j.id)).toEqual(
      jobs.filter((j) => j.name === 'poll-x3').map((j) => `poll-x3:${integrationId}:${j.flowKey}`),
    );
    expect(
      jobs
        .filter((j) => j.name === 'drain')
        .map((j) => j.flowKey)
        .sort(),
    ).toEqual(WRITING_KEYS);

    // Installing again changes nothing: no new mapping or flow version, no new job.
    const before = { flows: await flowVersions(), mappings: await mappingVersions() };
    expect(before).toEqual({ flows: 13, mappings: 15 });
    const me = (await read(world, admin.browser, '/api/auth/session')).body.user.id as string;
    const again = await world.api.app!.get(StarterFlows).install(tenantId, integrationId, {
      region: 'NZ',
      enable: true,
      pollSeconds: 5,
      actor: { kind: 'user', id: me },
      origin: { ip: '127.0.0.1', userAgent: 'test' },
    });
    expect(again).toEqual({ region: 'NZ', mappingsInstalled: [], flowsInstalled: [] });
    expect({ flows: await flowVersions(), mappings: await mappingVersions() }).toEqual(before);
    expect((await syncJobsOf(redisUrl, integrationId)).length).toBe(jobs.length);
    const audit = (await read(world, admin.browser, '/api/tenant/audit?action=flow.')).body as Array<{
      action: string;
    }>;
    expect(audit.filter((e) => e.action === 'flow.installed')).toHaveLength(13);
  });

  it('reads versions, saves a new one (409 on a stale base), and refuses a bad document storing nothing', async () => {
    const v1 = await read(world, viewer.browser, `${base}/flows/invoices`);
    expect(v1.body).toMatchObject({ flowKey: 'invoices', version: 1, active: true });
    const edited = { ...v1.body.document, options: { ...v1.body.document.options, cutOverDate: '2026-01-01' } };
    const saved = await change(world, admin.browser, 'POST', `${base}/flows/invoices/versions`, {
      document: edited,
      basedOnVersion: 1,
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 2, active: true, document: edited });
    const stale = await change(world, admin.browser, 'POST', `${base}/flows/invoices/versions`, {
      document: edited,
      basedOnVersion: 1,
    });
    expect(stale.status).toBe(409);

    const before = await flowVersions();
    const refused = await change(world, admin.browser, 'POST', `${base}/flows/invoices/versions`, {
      document: { ...edited, trigger: { kind: 'x3-poll', everySeconds: 1 }, colour: 'red' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'invalid_flow' });
    expect(refused.body.message).toMatch(/everySeconds/);
    expect(refused.body.message).toMatch(/colour: is not a known field/);
    expect(await flowVersions()).toBe(before);

    const versions = await read(world, viewer.browser, `${base}/flows/invoices/versions`);
    expect(versions.body.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await read(world, viewer.browser, `${base}/flows/invoices/versions/1`)).body.document.options).toEqual({
      deletions: 'flag',
    });
    expect((await read(world, viewer.browser, `${base}/flows/invoices/versions/9`)).status).toBe(404);
    expect((await read(world, viewer.browser, `${base}/flows/no-such-flow`)).status).toBe(404);
  });

  it('switches a flow off, and on again only after a fresh Sign in with Xero', async () => {
    const off = await change(world, admin.browser, 'POST', `${base}/flows/bills/disable`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ version: 2, document: { enabled: false } });
    // Again: already off, no new version.
    expect((await change(world, admin.browser, 'POST', `${base}/flows/bills/disable`)).body.version).toBe(2);

    await staleAuth(world, owner, admin);
    const before = await flowVersions();
    const refused = await change(world, admin.browser, 'POST', `${base}/flows/bills/enable`);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('reauth_required');
    // Nor through a saved version that switches it on.
    const viaSave = await change(world, admin.browser, 'POST', `${base}/flows/bills/versions`, {
      document: { ...off.body.document, enabled: true },
    });
    expect(viaSave.body.code).toBe('reauth_required');
    expect(await flowVersions()).toBe(before);
    // Switching off, and a flow that only lists changes, need no fresh sign-in.
    expect((await change(world, admin.browser, 'POST', `${base}/flows/journals/disable`)).status).toBe(200);
    const stock = await read(world, admin.browser, `${base}/flows/stock-levels`);
    expect((await change(world, admin.browser, 'POST', `${base}/flows/stock-levels/enable`)).body).toMatchObject({
      version: 2,
      document: { enabled: true, steps: stock.body.document.steps },
    });

    await signInWithXero(world, admin.browser, admin.org, '?reauth=1');
    const on = await change(world, admin.browser, 'POST', `${base}/flows/bills/enable`);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ version: 3, document: { enabled: true } });
    const audit = (await read(world, admin.browser, '/api/tenant/audit?action=flow.')).body as Array<{
      action: string;
      details: { flowKey: string };
    }>;
    expect(audit.filter((e) => e.details.flowKey === 'bills').map((e) => e.action)).toEqual(
      expect.arrayContaining(['flow.enabled', 'flow.disabled', 'flow.installed']),
    );
  });

  it('answers hostile input with 400 and a reason, a viewer with 403, another tenant with 404', async () => {
    const bad: Array<[string, string, unknown?]> = [
      ['GET', '/api/integrations/not-a-uuid/flows'],
      ['GET', `${base}/flows/Not_A_Key`],
      ['GET', `${base}/flows/invoices/versions/0`],
      ['GET', `${base}/flows/invoices/versions/1.5`],
      ['POST', `${base}/flows/invoices/versions`, { document: 'not an object' }],
      ['POST', `${base}/flows/invoices/versions`, { document: {}, basedOnVersion: -1 }],
      ['POST', `${base}/flows/invoices/versions`, { document: {}, extra: true }],
      ['POST', `${base}/flows/${'a'.repeat(64)}/enable`],
    ];
    const before = await flowVersions();
    for (const [method, path, body] of bad) {
      const res =
        method === 'GET'
          ? await read(world, admin.browser, path)
          : await change(world, admin.browser, method, path, body);
      expect([path, res.status]).toEqual([path, 400]);
      expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
    }
    expect(await flowVersions()).toBe(before);

    for (const path of [`${base}/flows/customers/disable`, `${base}/flows/customers/versions`]) {
      expect((await change(world, viewer.browser, 'POST', path, { document: {} })).status).toBe(403);
    }
    for (const path of [`${base}/flows`, `${base}/flows/customers`, `${base}/flows/customers/versions`]) {
      expect((await read(world, stranger.browser, path)).status).toBe(404);
    }
    expect((await change(world, stranger.browser, 'POST', `${base}/flows/customers/disable`)).status).toBe(404);
    expect((await read(world, admin.browser, `/api/integrations/${NOBODY}/flows`)).status).toBe(404);
    expect((await read(world, admin.browser, `${base}/flows/customers`)).body.document.enabled).toBe(true);
  });
});
