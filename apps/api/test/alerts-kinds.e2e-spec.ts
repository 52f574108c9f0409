// Each alert kind against real PostgreSQL (and, for the day budget, the real Xero rate limiter in
// Redis): the condition opens one alert, holds it while true and resolves it when it clears.
// The flow-failing kind, delivery and the routes are in alerts.e2e-spec.ts.
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { SecretStore } from '#lb/crypto';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { AlertEvaluator, AlertRules, callPlanDayBudget, NewAlertRule } from '#lb/sync';
import { ownerDataSource } from '#lb/testing';
import { isolatedRedisUrl } from '../../../scripts/testing/redis-db';
import { Member, pairByHand, signedUpOwner } from './flows-world';
import { read, startXeroWorld, XeroWorld } from './xero-world';

const by = { actor: { kind: 'system' as const, id: null }, origin: { ip: '127.0.0.1', userAgent: 'test' } };

describe('alert kinds', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let admin: Member;
  let other: Member;
  let tenantId: string;
  let otherTenantId: string;
  let integrationId: string;
  let otherIntegrationId: string;
  let evaluator: AlertEvaluator;
  let rules: AlertRules;
  let xero: XeroConnector;

  beforeAll(async () => {
    world = await startXeroWorld({ REDIS_URL: await isolatedRedisUrl() }, (sandboxUrl) => ({
      SANDBOX_URL: sandboxUrl,
    }));
    owner = await ownerDataSource();
    admin = await signedUpOwner(world, 'alert-kinds');
    other = await signedUpOwner(world, 'alert-kinds-other');
    ({ integrationId } = await pairByHand(world, admin));
    ({ integrationId: otherIntegrationId } = await pairByHand(world, other));
    tenantId = (await read(world, admin.browser, '/api/tenant')).body.id;
    otherTenantId = (await read(world, other.browser, '/api/tenant')).body.id;
    const app = world.api.app!;
    const tx = app.get(TenantTransactions);
    xero = app.get<XeroConnector>(XERO_CONNECTOR);
    const config = app.get<AppConfig>(APP_CONFIG);
    evaluator = new AlertEvaluator(
      tx,
      app.get(SystemAccess),
      app.get(JobProducer),
      callPlanDayBudget(xero.limiter, config.XERO_DAY_LIMIT),
    );
    rules = new AlertRules(tx, app.get(SecretStore), app.get(AuditTrail), false);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  const rule = async (input: Omit<NewAlertRule, 'emailRecipients'>, t = tenantId) =>
    (await rules.create(t, { ...input, emailRecipients: ['ops@example.com'] }, by)).rule.id;
  const alertsOf = (ruleId: string) =>
    owner.query<Array<{ state: string; subject: string; details: Record<string, unknown> }>>(
      `SELECT state, subject, details FROM alerts WHERE rule_id = $1 ORDER BY created_at`,
      [ruleId],
    );
  const change = async (
    t: string,
    integration: string,
    flowKey: string,
    state: 'pending' | 'waiting' | 'dead',
    ageMinutes: number,
  ) =>
    (
      await owner.query<Array<{ id: string }>>(
        `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state,
           source, created_at, settled_at)
         VALUES ($1, $2, $3, 'invoice', 'x3-to-xero', $4, 2, $5, '{}'::jsonb, now() - make_interval(mins => $6),
           CASE WHEN $5 = 'dead' THEN now() END)
         RETURNING id`,
        [t, integration, flowKey, `K${Math.random().toString(36).slice(2, 10)}`, state, ageMinutes],
      )
    )[0].id;
  const settle = (id: string) =>
    owner.query(`UPDATE sync_pending_changes SET state = 'done', settled_at = now() WHERE id = $1`, [id]);
  const evaluateBoth = async () => {
    await evaluator.evaluateTenant(tenantId);
    await evaluator.evaluateTenant(otherTenantId);
  };

  it('lag: the oldest pending change older than N minutes opens one alert per flow; carried over, it resolves', async () => {
    const id = await rule({ name: 'lag', kind: 'lag', threshold: 30 });
    const fresh = await change(tenantId, integrationId, 'customers', 'pending', 5);
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([]);
    const old = await change(tenantId, integrationId, 'customers', 'pending', 45);
    // Another tenant's old change is never this tenant's alert.
    const theirs = await change(otherTenantId, otherIntegrationId, 'suppliers', 'pending', 90);
    await evaluateBoth();
    await evaluateBoth();
    const open = await alertsOf(id);
    expect(open).toEqual([expect.objectContaining({ state: 'open', subject: `flow:${integrationId}:customers` })]);
    expect(open[0].details.lagMinutes).toBeGreaterThanOrEqual(45);
    await settle(old);
    await evaluateBoth();
    expect((await alertsOf(id)).map((a) => a.state)).toEqual(['resolved']);
    await settle(fresh);
    await settle(theirs);
  });

  it('waiting: records waiting longer than N hours, per flow, resolved when they go through', async () => {
    const id = await rule({ name: 'waiting', kind: 'waiting', threshold: 2, flowKey: 'invoices' });
    await change(tenantId, integrationId, 'invoices', 'waiting', 60);
    await change(tenantId, integrationId, 'payments', 'waiting', 300); // another flow: out of the rule's scope
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([]);
    const late = await change(tenantId, integrationId, 'invoices', 'waiting', 150);
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([
      expect.objectContaining({
        state: 'open',
        subject: `flow:${integrationId}:invoices`,
        details: expect.objectContaining({ waiting: 1 }),
      }),
    ]);
    await settle(late);
    await evaluateBoth();
    expect((await alertsOf(id)).map((a) => a.state)).toEqual(['resolved']);
  });

  it('dead letters above N per integration; replayed below N, resolved', async () => {
    const base = Number(
      (
        await owner.query(
          `SELECT count(*) AS n FROM sync_pending_changes WHERE integration_id = $1 AND state = 'dead'`,
          [integrationId],
        )
      )[0].n,
    );
    const id = await rule({ name: 'dead', kind: 'dead-letters', threshold: base + 1 });
    const first = await change(tenantId, integrationId, 'invoices', 'dead', 1);
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([]); // base + 1 is not above N
    const second = await change(tenantId, integrationId, 'invoices', 'dead', 1);
    await evaluateBoth();
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([
      expect.objectContaining({ state: 'open', subject: `integration:${integrationId}` }),
    ]);
    await settle(second);
    await settle(first);
    await evaluateBoth();
    expect((await alertsOf(id)).map((a) => a.state)).toEqual(['resolved']);
  });

  it('reauthorisation: the Xero connection needing it opens an alert; reconnected, it resolves', async () => {
    const id = await rule({ name: 'reauth', kind: 'reauthorisation', threshold: 0 });
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([]);
    const setStatus = (status: string) =>
      owner.query(
        `UPDATE xero_connections SET status = $2 WHERE id = (SELECT xero_connection_id FROM integrations WHERE id = $1)`,
        [integrationId, status],
      );
    await setStatus('needs_reauth');
    await evaluateBoth();
    expect(await alertsOf(id)).toEqual([
      expect.objectContaining({
        state: 'open',
        subject: `integration:${integrationId}`,
        details: expect.objectContaining({ connectionStatus: 'needs_reauth' }),
      }),
    ]);
    await setStatus('active');
    await evaluateBoth();
    expect((await alertsOf(id)).map((a) => a.state)).toEqual(['resolved']);
  });

  it('day budget: N percent of the organisation’s Xero day spent, as X-DayLimit-Remaining told the rate limiter', async () => {
    const nearlySpent = await rule({ name: 'budget 90', kind: 'budget', threshold: 90 });
    const allSpent = await rule({ name: 'budget 99', kind: 'budget', threshold: 99 });
    await evaluateBoth();
    expect(await alertsOf(nearlySpent)).toEqual([]);
    const [{ org }] = await owner.query<Array<{ org: string }>>(
      `SELECT c.xero_tenant_id AS org FROM integrations i JOIN xero_connections c ON c.id = i.xero_connection_id WHERE i.id = $1`,
      [integrationId],
    );
    const dayLimit = world.api.app!.get<AppConfig>(APP_CONFIG).XERO_DAY_LIMIT;
    await xero.limiter.observe(org, { dayRemaining: Math.floor(dayLimit * 0.05) });
    await evaluateBoth();
    await evaluateBoth();
    const open = await alertsOf(nearlySpent);
    expect(open).toEqual([expect.objectContaining({ state: 'open', subject: `integration:${integrationId}` })]);
    expect(open[0].details).toEqual(expect.objectContaining({ spentPercent: 95, dayLimit }));
    expect(await alertsOf(allSpent)).toEqual([]);
    // The other tenant's organisation spent nothing: none of its rules fire, none of ours are its.
    const theirs = await rule({ name: 'budget', kind: 'budget', threshold: 90 }, otherTenantId);
    await evaluateBoth();
    expect(await alertsOf(theirs)).toEqual([]);
    expect((await read(world, other.browser, '/api/alerts')).body).toEqual([]);
  });
});
