// The Xero poll pace on PostgreSQL: the quiet streak per flow in sync_call_plans, the integration's
// Xero-polled flows as the pollers sharing the idle budget.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { runtimeDataSource } from '#lb/testing';
import { FlowVersions } from '../flows/flow-versions.service';
import { upsertFlow } from '../flows/testing/upsert-flow';
import { TenantWithIntegration, tenantWithIntegration } from '../testing/integration-fixture';
import { IDLE_CALLS_PER_DAY, XERO_DAY_MS } from './poll-intervals';
import { nextXeroPollMs } from './xero-poll-pace';

describe('Xero poll pace (PostgreSQL)', () => {
  let ds: DataSource;
  let tx: TenantTransactions;
  let t: TenantWithIntegration;
  const pace = { defaultSeconds: 300, clockScale: 1 };
  const MIN = 60_000;

  beforeAll(async () => {
    ds = await runtimeDataSource();
    tx = new TenantTransactions(ds);
  });
  afterAll(() => ds?.destroy());
  beforeEach(async () => {
    t = await tenantWithIntegration(tx);
    const flows = new FlowVersions(tx);
    const author = { authorUserId: randomUUID() };
    await flows.save(t.tenantId, t.integrationId, 'customers', upsertFlow('customer', 'both-ways'), author);
    await flows.save(
      t.tenantId,
      t.integrationId,
      'payments',
      upsertFlow('payment', 'xero-to-x3', { kind: 'schedule', everySeconds: 600 }),
      author,
    );
    await flows.save(t.tenantId, t.integrationId, 'invoices', upsertFlow('invoice', 'x3-to-xero'), author); // X3 only
  });

  const next = (flowKey: string, foundChanges: boolean) =>
    tx.run(t.tenantId, (m) =>
      nextXeroPollMs(m, t.tenantId, { integrationId: t.integrationId, flowKey }, { ...pace, foundChanges }),
    );

  // customers: no schedule trigger, so the default 5 minutes. Two Xero-polled flows (the X3-only
  // invoices flow polls no Xero) share the 200 idle calls: every day / 98 = 14.7 min, as
  // (97 idle runs + 1 + 2 steps) + (97 + 1 + 1 step) = 199 ≤ 200 in any day after a change.
  it('polls at the flow interval while changes flow, doubles per quiet poll, and shrinks back', async () => {
    const idle = Math.ceil(XERO_DAY_MS / 98);
    expect(await next('customers', true)).toBe(5 * MIN);
    expect(await next('customers', false)).toBe(10 * MIN);
    expect(await next('customers', false)).toBe(idle);
    // the other flow keeps its own streak, from its schedule's 10 minutes
    expect(await next('payments', true)).toBe(10 * MIN);
    expect(await next('payments', false)).toBe(idle);
    for (let i = 0; i < 12; i++) expect(await next('customers', false)).toBe(idle);
    // 97 idle runs fit a day: with the run that found the change and the steps, 199 ≤ 200
    expect(Math.floor(XERO_DAY_MS / idle)).toBe(97);
    expect(97 + 1 + 2 + (97 + 1 + 1)).toBeLessThanOrEqual(IDLE_CALLS_PER_DAY);
    // a poll that finds a change shrinks it back
    expect(await next('customers', true)).toBe(5 * MIN);
  });

  it('keeps the streak per tenant under row-level security', async () => {
    await next('customers', false);
    const other = await tenantWithIntegration(tx);
    const rows = await tx.run(other.tenantId, (m) => m.query(`SELECT 1 FROM sync_call_plans`));
    expect(rows).toHaveLength(0);
    expect(await next('customers', false)).toBe(Math.ceil(XERO_DAY_MS / 98));
  });
});
