// The Xero cost meter's routes: calls made through the real connector to the sandbox over HTTP,
// counted in the real Redis, read back by the customer (their organisations only) and by staff.
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AccountingApi } from 'xero-node';
import { loadConfig } from '#lb/config';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { createXeroConnector, XeroConnector, xeroSettingsFrom } from '#lb/connectors/xero';
import { CookieBrowser, requireEnv, runtimeDataSource } from '#lb/testing';
import { StaffClient, staffService, uniqueStaffEmail } from './staff-world';
import {
  connectXero,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

interface OrgUsage {
  connectionId: string;
  callsLeft: number;
  rolling: { calls: number; bytesIn: number; bytesOut: number; xeroRemaining: number | null };
  days: Array<{ date: string; calls: number; bytesIn: number }>;
  forecast: { plan: string; basisDays: number; callsPerDay: string };
}

describe('Xero usage routes', () => {
  let world: XeroWorld;
  let ds: DataSource;
  let redis: Redis;
  let xero: XeroConnector;
  const a = new CookieBrowser();
  const b = new CookieBrowser();
  let tenantA: string;
  let tenantB: string;
  let connectionA: string;
  let connectionB: string;

  async function connectionOf(browser: CookieBrowser): Promise<string> {
    const list = await read(world, browser, '/api/connections');
    expect(list.status).toBe(200);
    return (list.body as { xero: Array<{ id: string }> }).xero[0].id;
  }

  beforeAll(async () => {
    world = await startXeroWorld();
    ds = await runtimeDataSource();
    redis = new Redis(requireEnv('REDIS_URL'), { maxRetriesPerRequest: 2 });
    const secrets = new SecretStore(
      new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID'))),
    );
    xero = createXeroConnector({
      dataSource: ds,
      redis,
      secrets,
      settings: xeroSettingsFrom(loadConfig({ ...process.env, ...world.env })),
      registry: new Registry(),
    });
    for (const browser of [a, b]) {
      const org = await newOrg(world, uniqueEmail('usage'));
      await signInWithXero(world, browser, org);
      await connectXero(world, browser, org);
    }
    tenantA = (await sessionOf(world, a)).tenant!.id;
    tenantB = (await sessionOf(world, b)).tenant!.id;
    connectionA = await connectionOf(a);
    connectionB = await connectionOf(b);
    // two calls on A's organisation, through the connector as the sync would make them
    const orgA = await xero.orgs.forConnection(tenantA, connectionA);
    for (let i = 0; i < 2; i++) {
      await orgA.call({ operation: 'get:organisations', isWrite: false }, (api: AccountingApi, t: string) =>
        api.getOrganisations(t),
      );
    }
  });
  afterAll(async () => {
    await redis?.quit();
    await ds?.destroy();
    await world?.close();
  });

  it("shows a member their organisations' rolling calls and bytes, 14 days, budget left and forecast", async () => {
    const res = await read(world, a, '/api/xero-usage');
    expect(res.status).toBe(200);
    const [usage] = res.body as OrgUsage[];
    expect(res.body).toHaveLength(1);
    expect(usage.connectionId).toBe(connectionA);
    expect(usage.rolling.calls).toBe(2);
    expect(usage.rolling.bytesIn).toBeGreaterThan(0);
    // Xero's own figure (X-DayLimit-Remaining) is what is left
    expect(usage.rolling.xeroRemaining).not.toBeNull();
    expect(usage.callsLeft).toBe(usage.rolling.xeroRemaining);
    expect(usage.days).toHaveLength(14);
    expect(usage.days[13]).toMatchObject({ date: new Date().toISOString().slice(0, 10), calls: 2 });
    expect(usage.forecast).toMatchObject({ plan: 'standard', basisDays: 7, callsPerDay: '0.0' });

    const three = await read(world, a, '/api/xero-usage?days=3');
    expect((three.body as OrgUsage[])[0].days).toHaveLength(3);
  });

  it("never shows one tenant another's usage", async () => {
    const res = await read(world, b, '/api/xero-usage');
    expect(res.status).toBe(200);
    const list = res.body as OrgUsage[];
    expect(list.map((u) => u.connectionId)).toEqual([connectionB]);
    expect(list[0].rolling.calls).toBe(0);
    expect(JSON.stringify(res.body)).not.toContain(connectionA);
  });

  it('refuses hostile query parameters with a 400 that names the rule', async () => {
    for (const q of ['days=0', 'days=41', 'days=abc', 'days=1.5', 'days=-1', 'days[]=3', 'days=1e9', 'extra=1']) {
      const res = await read(world, a, `/api/xero-usage?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    expect(JSON.stringify((await read(world, a, '/api/xero-usage?days=99')).body)).toContain('days must be');
  });

  it('needs a session, and keeps the operator view from members', async () => {
    expect((await read(world, new CookieBrowser(), '/api/xero-usage')).status).toBe(401);
    expect((await read(world, a, '/api/support/xero-usage')).status).toBe(403);
  });

  it('shows staff the tenants that drive the cost, and the tier forecast; refuses hostile parameters', async () => {
    const email = uniqueStaffEmail();
    await staffService(ds).create(email, 'Olive Operator', 'correct horse battery staple', 'test');
    const staff = new StaffClient(world.api.url);
    await staff.enrol(email);
    const res = await staff.get('/api/support/xero-usage?limit=100');
    expect(res.status).toBe(200);
    // the top list is shared with every other tenant in this database: it is ordered and capped
    const top = (res.body as unknown as { tenants: Array<{ tenantId: string; calls: number }> }).tenants;
    expect(top.length).toBeLessThanOrEqual(100);
    expect(top.map((t) => t.calls)).toEqual([...top.map((t) => t.calls)].sort((x, y) => y - x));
    // one tenant's own row answers "what did this tenant use today?"
    const one = await staff.get(`/api/support/xero-usage?tenantId=${tenantA}`);
    expect(one.status).toBe(200);
    const body = one.body as unknown as {
      date: string;
      tenants: Array<{ tenantId: string; calls: number; bytes: number }>;
      forecast: { tier: string; overageCostAud: string; includedBytesPerMonth: string | null };
      app: { calls: number };
    };
    expect(body.tenants).toEqual([expect.objectContaining({ tenantId: tenantA, calls: 2 })]);
    expect(body.tenants[0].bytes).toBeGreaterThan(0);
    // a tenant with no calls has no row, in the filtered view and in the top list
    expect((await staff.get(`/api/support/xero-usage?tenantId=${tenantB}`)).body).toMatchObject({ tenants: [] });
    expect(top.find((t) => t.tenantId === tenantB)).toBeUndefined();
    expect(body.app.calls).toBeGreaterThanOrEqual(2);
    expect(body.forecast).toMatchObject({ tier: 'core', includedBytesPerMonth: '10000000000' });
    expect(body.forecast.overageCostAud).toMatch(/^\d+\.\d{2}$/);
    // a day with no traffic is empty, not an error
    expect((await staff.get('/api/support/xero-usage?date=2020-01-01')).body).toMatchObject({
      tenants: [],
      app: { calls: 0, bytes: 0 },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const q of [
      'date=2026-02-30',
      'date=yesterday',
      `date=${tomorrow}`,
      "date=1'--",
      'limit=0',
      'limit=101',
      'limit=x',
      'tenantId=not-a-uuid',
      "tenantId=1'--",
    ]) {
      const r = await staff.get(`/api/support/xero-usage?${q}`);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
    }
    // staff do not use the tenant route
    expect((await staff.get('/api/xero-usage')).status).toBe(403);
  });
});
