// The plan in force on what already exists (issue 15): a downgrade pauses the flows the new plan
// does not include (their own 'billing' pause, nothing deleted) and an upgrade resumes them; the
// month's fair use is metered where writes are confirmed, and past its grace new writes wait
// ('fair_use') with a banner and one email, until the month rolls over or the plan grows. The
// worker's standing pass (BillingSync.enforce, what its webhook job and sweep run) is driven here.
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { BillingEntitlements, BillingSync, StripeEventStore } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { OutboxJobProducer, outboxLane } from '#lb/queues';
import { LANES, PendingChanges } from '#lb/sync';
import { CookieBrowser, eventually, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { Member, pairByHand, signedUpOwner, syncJobsOf } from './flows-world';
import {
  change,
  invitationToken,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

describe('billing enforcement on existing flows and fair use', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let tx: TenantTransactions;
  let sync: BillingSync;
  let me: Member;
  let viewer: CookieBrowser;
  let them: Member;
  let tenantId: string;
  let integrationId: string;

  const setPlan = (tenant: string, plan: string) =>
    owner.query(
      `INSERT INTO billing_accounts (tenant_id, stripe_customer_id, status, plan) VALUES ($1, $2, 'active', $3)
       ON CONFLICT (tenant_id) DO UPDATE SET status = 'active', plan = EXCLUDED.plan`,
      [tenant, `cus_enforce_${tenant.slice(0, 8)}`, plan],
    );
  const waiting = (flowKey: string, sourceKey: string) =>
    owner.query(
      `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, source)
       VALUES ($1, $2, $3, 'payment', 'x3-to-xero', $4, 2, 'pending', '{}'::jsonb)`,
      [tenantId, integrationId, flowKey, sourceKey],
    );
  /** A drain of the flow asked for: still in the outbox, or handed on to Bull already. */
  const drainQueued = (flowKey: string) =>
    eventually(`a drain of ${flowKey} queued`, async () => {
      const outbox = await owner.query(`SELECT 1 FROM job_outbox WHERE tenant_id = $1 AND job_id = $2`, [
        tenantId,
        `drain:${integrationId}:${flowKey}`,
      ]);
      const bull = await syncJobsOf(world.env.REDIS_URL ?? process.env.REDIS_URL!, integrationId);
      return outbox.length + bull.filter((j) => j.name === 'drain' && j.flowKey === flowKey).length > 0 || undefined;
    });
  const flowsOf = async (browser: CookieBrowser) =>
    (await read(world, browser, `/api/integrations/${integrationId}/flows`)).body.flows as Array<{
      flowKey: string;
      pauseReasons: string[];
      enabled: boolean;
    }>;
  const setUsage = (records: number, month = "date_trunc('month', now() AT TIME ZONE 'UTC')::date") =>
    owner.query(
      `INSERT INTO sync_monthly_usage (tenant_id, month, records) VALUES ($1, ${month}, $2)
       ON CONFLICT (tenant_id, month) DO UPDATE SET records = EXCLUDED.records`,
      [tenantId, records],
    );

  beforeAll(async () => {
    world = await startXeroWorld({
      STRIPE_SECRET_KEY: 'sk_test_unreachable',
      STRIPE_API_URL: 'http://127.0.0.1:9',
      STRIPE_CALL_TIMEOUT_MS: '2000',
    });
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    tx = new TenantTransactions(runtime);
    sync = new BillingSync(
      tx,
      null,
      new StripeEventStore(runtime),
      new BillingEntitlements({ trialDays: 14, graceDays: 7 }),
      new OutboxJobProducer(runtime, tx, outboxLane(world.env.REDIS_URL ?? process.env.REDIS_URL!)),
      new AuditTrail(),
    );
    me = await signedUpOwner(world, 'enforce');
    them = await signedUpOwner(world, 'enforce-them');
    tenantId = (await read(world, me.browser, '/api/tenant')).body.id;
    integrationId = (await pairByHand(world, me)).integrationId;
    await pairByHand(world, them);
    const org = await newOrg(world, uniqueEmail('enforce-viewer'));
    await change(world, me.browser, 'POST', '/api/tenant/invitations', { email: org.userEmail, role: 'viewer' });
    viewer = new CookieBrowser();
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, org.userEmail),
    });
    await signInWithXero(world, viewer, org);
    // On the trial (Growth's entitlements) every starter flow may run, payments and 5-second polls too.
    expect(
      (await change(world, me.browser, 'POST', `/api/integrations/${integrationId}/flows/starter`)).status,
    ).toBeLessThan(300);
    expect(
      (await change(world, me.browser, 'POST', `/api/integrations/${integrationId}/flows/payments/enable`)).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
  });

  it('a downgrade pauses at once the flows the new plan leaves out, says why, deletes nothing; an upgrade resumes them', async () => {
    await waiting('payments', 'PAY-WAITING');
    await setPlan(tenantId, 'starter');
    const changes = await sync.enforce(tenantId);
    expect(changes.flows.paused).toEqual(expect.arrayContaining([`${integrationId}/payments`]));
    const flows = await flowsOf(me.browser);
    const payments = flows.find((f) => f.flowKey === 'payments')!;
    expect(payments).toMatchObject({ enabled: true, pauseReasons: ['billing'] });
    // every flow switched on is either within Starter or paused for it
    for (const f of flows.filter((x) => x.enabled))
      expect(f.pauseReasons).toEqual(changes.flows.paused.includes(`${integrationId}/${f.flowKey}`) ? ['billing'] : []);
    // the integration itself still syncs what the plan includes
    const overview = (await read(world, viewer, '/api/billing')).body;
    expect(overview.integrations).toEqual([expect.objectContaining({ id: integrationId, billingPaused: false })]);
    expect(overview.pausedFlows).toEqual(
      expect.arrayContaining([
        {
          integrationId,
          integrationName: expect.any(String),
          flowKey: 'payments',
          entity: 'payment',
          reason: 'The Starter plan does not include payment flows; upgrade to switch this one on',
        },
      ]),
    );
    // the engine will not run it on demand either
    const run = await change(world, me.browser, 'POST', `/api/integrations/${integrationId}/flows/payments/run`);
    expect(run.status).toBe(409);
    expect(run.body).toMatchObject({ code: 'paused', message: expect.stringContaining('billing') });
    // another tenant's billing shows none of it
    expect((await read(world, them.browser, '/api/billing')).body.pausedFlows).toEqual([]);
    // the same pass again changes nothing; the waiting change is still there
    expect((await sync.enforce(tenantId)).flows).toEqual({ paused: [], resumed: [] });
    const [left] = await owner.query(`SELECT state FROM sync_pending_changes WHERE source_key = 'PAY-WAITING'`);
    expect(left.state).toBe('pending');

    // upgrade: the pauses go and what waited is drained
    await setPlan(tenantId, 'growth');
    const up = await sync.enforce(tenantId);
    expect(up.flows.resumed).toEqual(expect.arrayContaining([`${integrationId}/payments`]));
    expect(up.flows.paused).toEqual([]);
    expect((await flowsOf(me.browser)).every((f) => f.pauseReasons.length === 0)).toBe(true);
    await drainQueued('payments');
    expect((await read(world, me.browser, '/api/billing')).body.pausedFlows).toEqual([]);
  });

  it('switching a paused flow off (an owner or admin edit) lifts its pause; a viewer cannot', async () => {
    await setPlan(tenantId, 'starter');
    await sync.enforce(tenantId);
    expect(
      (await change(world, viewer, 'POST', `/api/integrations/${integrationId}/flows/payments/disable`)).status,
    ).toBe(403);
    expect((await flowsOf(me.browser)).find((f) => f.flowKey === 'payments')?.pauseReasons).toEqual(['billing']);
    expect(
      (await change(world, me.browser, 'POST', `/api/integrations/${integrationId}/flows/payments/disable`)).status,
    ).toBe(200);
    expect((await flowsOf(me.browser)).find((f) => f.flowKey === 'payments')).toMatchObject({
      enabled: false,
      pauseReasons: [],
    });
    // switched off, the plan has nothing to pause there
    expect((await sync.enforce(tenantId)).flows.paused).not.toContain(`${integrationId}/payments`);
    await setPlan(tenantId, 'growth');
    await sync.enforce(tenantId);
  });

  it('meters records where writes are confirmed: a write counts, an unchanged record does not', async () => {
    const before = (await read(world, me.browser, '/api/billing')).body.usage.recordsThisMonth.used;
    const pending = new PendingChanges();
    const scope = { integrationId, flowKey: 'customers' };
    await tx.run(tenantId, async (m) => {
      await pending.accept(
        m,
        tenantId,
        ['C-METER-1', 'C-METER-2'].map((sourceKey) => ({
          ...scope,
          entity: 'customer' as const,
          direction: 'x3-to-xero' as const,
          sourceKey,
          lane: LANES.interactive,
          source: null,
        })),
      );
      const claim = await pending.claim(m, scope);
      const [a, b] = claim.changes.filter((c) => c.sourceKey.startsWith('C-METER'));
      await pending.settle(m, a, claim.claimId, { kind: 'done', outcome: { action: 'created', targetId: 'x1' } });
      await pending.settle(m, b, claim.claimId, { kind: 'done', outcome: { action: 'unchanged' } });
      for (const c of claim.changes.filter((x) => !x.sourceKey.startsWith('C-METER')))
        await pending.settle(m, c, claim.claimId, { kind: 'release', delayMs: 0 });
    });
    const after = (await read(world, me.browser, '/api/billing')).body.usage.recordsThisMonth;
    expect(after).toMatchObject({ used: before + 1, limit: 50000, stopAt: 55000, paused: false });
  });

  it('past fair use: a banner; past its grace: writes wait with one email to the owners, until the month rolls over or the plan grows', async () => {
    await setPlan(tenantId, 'starter');
    await setUsage(5_499);
    expect((await sync.enforce(tenantId)).fairUse).toBe(false);
    let overview = (await read(world, me.browser, '/api/billing')).body;
    expect(overview.banners).toEqual([expect.objectContaining({ kind: 'fair_use_exceeded' })]);
    expect(overview.integrations[0]).toMatchObject({ fairUsePaused: false });

    await setUsage(5_500);
    await waiting('invoices', 'INV-FAIR-USE');
    expect((await sync.enforce(tenantId)).fairUse).toBe(true);
    overview = (await read(world, viewer, '/api/billing')).body;
    expect(overview.usage.recordsThisMonth).toMatchObject({ used: 5500, limit: 5000, stopAt: 5500, paused: true });
    const banner = overview.banners.find((b: { kind: string }) => b.kind === 'fair_use_paused');
    expect(banner.message).toContain('nothing is lost');
    expect(new Date(banner.until).getUTCDate()).toBe(1);
    expect(overview.integrations[0]).toMatchObject({ fairUsePaused: true, billingPaused: false });
    const [row] = await owner.query('SELECT pause_reasons, status FROM integrations WHERE id = $1', [integrationId]);
    expect(row).toEqual({ pause_reasons: ['fair_use'], status: 'paused' });
    await sync.enforce(tenantId);
    const mails = await owner.query(
      `SELECT to_address, subject FROM email_outbox WHERE tenant_id = $1 AND subject LIKE '%fair-use%'`,
      [tenantId],
    );
    expect(mails).toEqual([
      { to_address: me.org.userEmail, subject: '[Ledgerbridge] Sync paused: fair-use allowance reached' },
    ]);
    // another tenant's integrations are untouched
    expect((await read(world, them.browser, '/api/billing')).body.integrations[0]).toMatchObject({
      fairUsePaused: false,
    });

    // the month rolls over (this month's count moves to last month): writes resume, what waited drains
    await owner.query(
      `UPDATE sync_monthly_usage SET month = (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date WHERE tenant_id = $1`,
      [tenantId],
    );
    expect((await sync.enforce(tenantId)).fairUse).toBe(false);
    expect(
      (await owner.query('SELECT pause_reasons FROM integrations WHERE id = $1', [integrationId]))[0].pause_reasons,
    ).toEqual([]);
    await drainQueued('invoices');
    const [kept] = await owner.query(`SELECT state FROM sync_pending_changes WHERE source_key = 'INV-FAIR-USE'`);
    expect(kept.state).toBe('pending');

    // past it again, then an upgrade lifts it at once
    await setUsage(5_500);
    expect((await sync.enforce(tenantId)).fairUse).toBe(true);
    await setPlan(tenantId, 'growth');
    expect((await sync.enforce(tenantId)).fairUse).toBe(false);
    expect((await read(world, me.browser, '/api/billing')).body.banners).toEqual([]);
  });
});
