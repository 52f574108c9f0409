import diagnostics from 'node:diagnostics_channel';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import {
  AppMetrics,
  ConnectorCallSubscriber,
  OpenChangesCollector,
  publishConnectorCall,
  SYNC_SETTLED_CHANNEL,
  SyncSettledEvent,
  TenantClassifier,
} from '#lb/observability';
import { createTenant, eventually, runtimeDataSource, testConfig } from '#lb/testing';
import { createIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { LANES } from './lanes';
import { NewPendingChange, PendingChanges } from './pending-changes.service';

/** One labelled value of a metric, as the scrape would show it (undefined when the series is absent). */
async function valueOf(metrics: AppMetrics, name: string, labels: Record<string, string> = {}) {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('sync and connector metrics on PostgreSQL', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  const pending = new PendingChanges();
  const config = testConfig({ LB_PLAN_ALLOWANCES: 'standard=2500/2000,pro=5000/5000', LB_DEFAULT_PLAN: 'standard' });

  beforeAll(async () => {
    ds = await runtimeDataSource(3);
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());

  const change = (integrationId: string, sourceKey: string, entity = 'invoice'): NewPendingChange => ({
    integrationId,
    flowKey: `${entity}s`,
    entity: entity as NewPendingChange['entity'],
    direction: 'x3-to-xero',
    sourceKey,
    lane: LANES.polling,
    source: { _id: sourceKey },
  });

  it('reports a settled change once its transaction commits, never one that rolled back', async () => {
    const t = await tenantWithIntegration(tx);
    const seen: SyncSettledEvent[] = [];
    const listen = (m: unknown) => seen.push(m as SyncSettledEvent);
    diagnostics.subscribe(SYNC_SETTLED_CHANNEL, listen);
    try {
      const scope = { integrationId: t.integrationId, flowKey: 'invoices' };
      await tx.run(t.tenantId, (m) =>
        pending.accept(m, t.tenantId, [change(t.integrationId, 'A'), change(t.integrationId, 'B')]),
      );
      const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
      const [a, b] = claim.changes;
      await tx.run(t.tenantId, (m) =>
        pending.settle(m, a, claim.claimId, { kind: 'done', outcome: { action: 'created' } }),
      );
      await expect(
        tx.run(t.tenantId, async (m) => {
          await pending.settle(m, b, claim.claimId, { kind: 'dead', outcome: {}, error: 'refused' });
          throw new Error('the rest of the transaction failed');
        }),
      ).rejects.toThrow('the rest of the transaction failed');
      const ours = seen.filter((e) => e.tenantId === t.tenantId);
      expect(ours).toEqual([
        { tenantId: t.tenantId, settled: [{ entity: 'invoice', state: 'done', action: 'created' }] },
      ]);
    } finally {
      diagnostics.unsubscribe(SYNC_SETTLED_CHANNEL, listen);
    }
  });

  it('counts settled records by entity, outcome and tenant class', async () => {
    const metrics = new AppMetrics('test');
    const subscriber = new ConnectorCallSubscriber(metrics, new TenantClassifier(config, ds), config);
    subscriber.onModuleInit();
    try {
      const t = await tenantWithIntegration(tx);
      const scope = { integrationId: t.integrationId, flowKey: 'customers' };
      await tx.run(t.tenantId, (m) =>
        pending.accept(
          m,
          t.tenantId,
          ['C1', 'C2', 'C3'].map((k) => change(t.integrationId, k, 'customer')),
        ),
      );
      const claim = await tx.run(t.tenantId, (m) => pending.claim(m, scope, 50));
      await tx.run(t.tenantId, async (m) => {
        await pending.settle(m, claim.changes[0], claim.claimId, { kind: 'done', outcome: { action: 'created' } });
        await pending.settle(m, claim.changes[1], claim.claimId, { kind: 'done', outcome: { action: 'unchanged' } });
        await pending.settle(m, claim.changes[2], claim.claimId, { kind: 'held', outcome: { proposal: 'p' } });
      });
      const labels = (outcome: string) => ({ entity: 'customer', outcome, tenant_class: 'standard' });
      await eventually('the three records counted', async () =>
        (await valueOf(metrics, 'lb_sync_records_total', labels('held'))) === 1 ? true : undefined,
      );
      expect(await valueOf(metrics, 'lb_sync_records_total', labels('created'))).toBe(1);
      expect(await valueOf(metrics, 'lb_sync_records_total', labels('unchanged'))).toBe(1);
    } finally {
      subscriber.onModuleDestroy();
    }
  });

  it('reads the open changes and the oldest one by flow kind over all tenants', async () => {
    const [a, b] = [await tenantWithIntegration(tx), await tenantWithIntegration(tx)];
    await tx.run(a.tenantId, (m) =>
      pending.accept(m, a.tenantId, [change(a.integrationId, 'I1'), change(a.integrationId, 'I2')]),
    );
    await tx.run(b.tenantId, (m) => pending.accept(m, b.tenantId, [change(b.integrationId, 'I1')]));
    await ds.query(`SELECT pg_sleep(1.1)`); // the oldest is then at least a second old
    const metrics = new AppMetrics('test');
    await new OpenChangesCollector(metrics, ds).collect();
    const invoices = { entity: 'invoice', direction: 'x3-to-xero' };
    expect(await valueOf(metrics, 'lb_sync_open_changes_read')).toBe(1);
    // other suites share the database: at least ours
    expect(await valueOf(metrics, 'lb_sync_open_changes', invoices)).toBeGreaterThanOrEqual(3);
    expect(await valueOf(metrics, 'lb_sync_oldest_open_change_seconds', invoices)).toBeGreaterThanOrEqual(1);
    // counts only: no tenant, integration or key anywhere on the scrape
    const text = await metrics.registry.metrics();
    for (const id of [a.tenantId, b.tenantId, a.integrationId, 'I1']) expect(text).not.toContain(id);
  });

  it('still serves the scrape when PostgreSQL is gone: the gauges say "not read"', async () => {
    const gone = await runtimeDataSource(1);
    await gone.destroy();
    const metrics = new AppMetrics('test');
    metrics.sync.openChanges.set({ entity: 'invoice', direction: 'x3-to-xero' }, 5);
    await new OpenChangesCollector(metrics, gone).collect();
    expect(await valueOf(metrics, 'lb_sync_open_changes_read')).toBe(0);
    expect(await valueOf(metrics, 'lb_sync_open_changes', { entity: 'invoice' })).toBeUndefined();
    const text = await metrics.registry.metrics();
    expect(text).toContain('lb_sync_open_changes_read{service="test"} 0');
    expect(text).toContain('# TYPE lb_connector_calls_total counter');
    // and a tenant whose class cannot be read is 'unknown', not an error
    expect(await new TenantClassifier(config, gone).classOf(randomUUID())).toBe('unknown');
  });

  it("classes a tenant by plan, 'trial' when its only X3 folders are sandbox ones, never by id", async () => {
    const classifier = new TenantClassifier(config, ds);
    const paying = await tenantWithIntegration(tx);
    const bare = await createTenant(tx);
    const trial = await tenantWithIntegration(tx);
    await tx.run(trial.tenantId, (m) => m.query(`UPDATE x3_connections SET is_sandbox = true`));
    expect(await classifier.classOf(paying.tenantId)).toBe('standard');
    expect(await classifier.classOf(bare)).toBe('standard');
    expect(await classifier.classOf(trial.tenantId)).toBe('trial');
    // a tenant still setting up is read again: its trial folder shows at once, not a minute later
    await createIntegration(tx, bare);
    await tx.run(bare, (m) => m.query(`UPDATE x3_connections SET is_sandbox = true`));
    expect(await classifier.classOf(bare)).toBe('trial');
    expect(await classifier.classOf(undefined)).toBe('unknown');
    expect(await classifier.classOf('not-a-tenant')).toBe('unknown');
  });

  it("folds Xero's budget headers into the lowest per tenant class, forgetting old reports", async () => {
    const metrics = new AppMetrics('test');
    const subscriber = new ConnectorCallSubscriber(metrics, new TenantClassifier(config, ds), config);
    subscriber.onModuleInit();
    try {
      const [one, two] = [await tenantWithIntegration(tx), await tenantWithIntegration(tx)];
      const call = (tenantId: string, organisation: string, minRemaining: number, status = 200) =>
        publishConnectorCall({
          connector: 'xero',
          operation: 'list:Invoices',
          status,
          durationSeconds: 0.2,
          bytesIn: 1000,
          bytesOut: 10,
          tenantId,
          retryAfterSeconds: status === 429 ? 7 : undefined,
          budget: { organisation, minRemaining, dayRemaining: 4000 + minRemaining },
        });
      call(one.tenantId, 'org-1', 50);
      call(two.tenantId, 'org-2', 20);
      call(two.tenantId, 'org-2', 0, 429);
      const calls = { connector: 'xero', operation: 'list:Invoices', tenant_class: 'standard' };
      await eventually('the three calls counted', async () => {
        const ok = await valueOf(metrics, 'lb_connector_calls_total', { ...calls, status_class: '2xx' });
        const limited = await valueOf(metrics, 'lb_connector_calls_total', { ...calls, status_class: '429' });
        return ok === 2 && limited === 1 ? true : undefined;
      });
      expect(await valueOf(metrics, 'lb_connector_bytes_total', { connector: 'xero', direction: 'in' })).toBe(3000);
      expect(await valueOf(metrics, 'lb_connector_retry_after_seconds_total', { connector: 'xero' })).toBe(7);
      subscriber.refreshBudgets();
      expect(await valueOf(metrics, 'lb_xero_min_remaining', { tenant_class: 'standard' })).toBe(0);
      expect(await valueOf(metrics, 'lb_xero_day_remaining', { tenant_class: 'standard' })).toBe(4000);
      // a minute later (this config's clock) the minute reports are gone, the day's stay
      subscriber.refreshBudgets(Date.now() + 61_000 / (config.XERO_CLOCK_SCALE || 1));
      expect(await valueOf(metrics, 'lb_xero_min_remaining', { tenant_class: 'standard' })).toBeUndefined();
      expect(await valueOf(metrics, 'lb_xero_day_remaining', { tenant_class: 'standard' })).toBe(4000);
      // never an organisation or a tenant as a label
      const text = await metrics.registry.metrics();
      for (const id of ['org-1', 'org-2', one.tenantId, two.tenantId]) expect(text).not.toContain(id);
    } finally {
      subscriber.onModuleDestroy();
    }
  });
});
