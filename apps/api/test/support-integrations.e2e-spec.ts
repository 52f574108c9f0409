// The support console on a tenant's real data: one grant reused for its whole time box, the
// tenant's integrations (flows' state), X3 and Xero connections, dead letters (masked), records
// waiting and held, and its recent sync activity — each behind a live grant, in the tenant's context.
import { DataSource } from 'typeorm';
import { AuditTrail, SupportService } from '#lb/accounts';
import { SystemAccess, TenantTransactions } from '#lb/database';
import { eventually, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { pairByHand, seedRun, seedSettled, signedUpOwner, Member } from './flows-world';
import { StaffClient, staffService, uniqueStaffEmail } from './staff-world';
import { change, read, startXeroWorld, XeroWorld } from './xero-world';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const REASON = 'Ticket #5150: invoices stopped reaching Xero';
const VIEWS = ['activity', 'dead-letters', 'waiting', 'held'] as const;

type Entry = { action: string; targetType: string | null; targetId: string | null; details: Record<string, string> };

describe('support console: integrations, dead letters and activity under one reused grant', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let runtime: DataSource;
  let customer: Member;
  let other: Member;
  let tenantId: string;
  let otherTenantId: string;
  let integrationId: string;
  let otherIntegrationId: string;
  let deadId: string;
  let runId: string;
  let otherRunId: string;
  let n = 0;

  /** A staff member signed in with password and TOTP, from an address of their own (the throttle is per address). */
  async function signedInStaff(): Promise<{ client: StaffClient; staffId: string; email: string }> {
    const email = uniqueStaffEmail();
    const { id } = await staffService(runtime).create(email, 'Sam Support', 'correct horse battery staple', 'test');
    const client = new StaffClient(world.api.url, `198.51.100.${20 + n++}`);
    await client.enrol(email);
    return { client, staffId: id, email };
  }

  const base = (t = tenantId, i = integrationId) => `/api/support/tenants/${t}/integrations/${i}`;
  const staffEntries = async () =>
    (await read(world, customer.browser, '/api/tenant/audit?actorKind=staff')).body as Entry[];

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    runtime = await runtimeDataSource(2);
    customer = await signedUpOwner(world, 'support-cust');
    other = await signedUpOwner(world, 'support-other');
    ({ integrationId } = await pairByHand(world, customer));
    ({ integrationId: otherIntegrationId } = await pairByHand(world, other));
    tenantId = (await read(world, customer.browser, '/api/tenant')).body.id;
    otherTenantId = (await read(world, other.browser, '/api/tenant')).body.id;
    expect(
      (await change(world, customer.browser, 'POST', `/api/integrations/${integrationId}/flows/starter`)).status,
    ).toBe(201);
    const row = { tenantId, integrationId, entity: 'customer' };
    deadId = await seedSettled(owner, {
      ...row,
      flowKey: 'customers',
      sourceKey: 'NZC0042',
      state: 'dead',
      error: 'validation',
      outcome: { messages: ['Account code 999 is not valid'] },
    });
    await owner.query(`UPDATE sync_pending_changes SET source = $2::jsonb WHERE id = $1`, [
      deadId,
      JSON.stringify({ BPCNUM: 'NZC0042', VATNO: 'GB999999973' }),
    ]);
    await seedSettled(owner, {
      ...row,
      flowKey: 'customers',
      sourceKey: 'NZC0043',
      state: 'done',
      outcome: { action: 'created', targetId: 'xero-contact-1', messages: ['Contact created'] },
    });
    await seedSettled(owner, {
      ...row,
      flowKey: 'invoices',
      sourceKey: 'FAC0001',
      state: 'held',
      outcome: { proposal: 'Date it after the lock date 2026-03-31', messages: ['Period locked'] },
    });
    runId = await seedRun(owner, tenantId, integrationId, 'NZC0042');
    otherRunId = await seedRun(owner, otherTenantId, otherIntegrationId, 'THEIRS9');
    await owner.query(
      `INSERT INTO sync_pending_changes (tenant_id, integration_id, flow_key, entity, direction, source_key, lane, state, waiting_on)
       VALUES ($1, $2, 'invoices', 'invoice', 'x3-to-xero', 'FAC0002', 2, 'waiting', 'customer:NZC0099')`,
      [tenantId, integrationId],
    );
  });
  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
    await world?.close();
  });

  it('reuses one live grant across reloads and views: one grant, one access entry, each view read once', async () => {
    const { client, email } = await signedInStaff();
    const before = (await client.get(`/api/support/tenants/${tenantId}/access`)).body!;
    expect(before).toMatchObject({ tenant: { id: tenantId }, grant: null });

    const first = await client.post('/api/support/grants', { tenantId, reason: REASON, minutes: 30 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ tenantId, reason: REASON, reused: false });
    // A reload, another page, a second tab asking again: the same grant, nothing new written.
    for (let i = 0; i < 3; i++) {
      const opened = await client.get(`/api/support/tenants/${tenantId}/access`);
      expect(opened.status).toBe(200);
      expect(opened.body!.grant).toMatchObject({ id: first.body!.id, reason: REASON });
    }
    const again = await client.post('/api/support/grants', {
      tenantId,
      reason: 'Another reason, same day',
      minutes: 60,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: first.body!.id,
      reason: REASON,
      expiresAt: first.body!.expiresAt,
      reused: true,
    });

    for (let i = 0; i < 2; i++) {
      for (const view of ['connections', 'integrations', 'audit'])
        expect((await client.get(`/api/support/tenants/${tenantId}/${view}`)).status).toBe(200);
      for (const view of VIEWS) expect((await client.get(`${base()}/${view}`)).status).toBe(200);
    }

    // The tenant's audit log: one entry for the whole time box, however often support looked.
    const mine = (await staffEntries()).filter((e) => e.details.staff === email);
    expect(mine.map((e) => e.action)).toEqual(['support.access_granted']);
    // The operators' log: each view read once under the grant.
    const reads: Array<{ view: string; target: string | null; grant: string }> = await owner.query(
      `SELECT details->>'view' AS view, details->>'targetId' AS target, details->>'grantId' AS grant
       FROM staff_audit_log WHERE staff_email = $1 AND action = 'staff.support_read'`,
      [email],
    );
    expect(reads.map((r) => `${r.view} ${r.target ?? ''}`).sort()).toEqual(
      [
        'connections ',
        'integrations ',
        'audit_log ',
        ...['sync_activity', 'dead_letters', 'waiting_changes', 'held_changes'].map((v) => `${v} ${integrationId}`),
      ].sort(),
    );
    expect(reads.every((r) => r.grant === first.body!.id)).toBe(true);
  });

  it("shows the tenant's integrations with flow state, both connections without secrets, its dead letters, waiting, held and activity", async () => {
    const { client } = await signedInStaff();
    expect((await client.post('/api/support/grants', { tenantId, reason: REASON, minutes: 15 })).status).toBe(201);

    const integrations = (await client.get(`/api/support/tenants/${tenantId}/integrations`)).body as unknown as Array<{
      id: string;
      flows: Array<{ flowKey: string; counts: Record<string, number> }>;
    }>;
    expect(integrations).toEqual([expect.objectContaining({ id: integrationId, x3Company: 'NZ10', status: 'active' })]);
    const customers = integrations[0].flows.find((f) => f.flowKey === 'customers');
    expect(customers?.counts).toMatchObject({ dead: 1, done: 1 });

    const connections = await client.get(`/api/support/tenants/${tenantId}/connections`);
    const systems = (connections.body as unknown as Array<{ system: string }>).map((c) => c.system).sort();
    expect(systems).toEqual(['x3', 'xero']);
    expect(JSON.stringify(connections.body)).not.toMatch(/secret|password|token|clientId/i);

    const letters = (await client.get(`${base()}/dead-letters`)).body as unknown as Array<Record<string, unknown>>;
    expect(letters).toEqual([
      expect.objectContaining({ id: deadId, sourceKey: 'NZC0042', messages: ['Account code 999 is not valid'] }),
    ]);
    const detail = await client.get(`${base()}/dead-letters/${deadId}`);
    expect(detail.body).toMatchObject({ id: deadId, source: { BPCNUM: 'NZC0042', VATNO: '•••••••9973' } });
    expect(JSON.stringify(detail.body)).not.toContain('GB999999973');

    expect((await client.get(`${base()}/waiting`)).body).toEqual([
      expect.objectContaining({ sourceKey: 'FAC0002', waitingOn: 'customer:NZC0099' }),
    ]);
    expect((await client.get(`${base()}/held`)).body).toEqual([
      expect.objectContaining({ sourceKey: 'FAC0001', proposal: 'Date it after the lock date 2026-03-31' }),
    ]);
    const activity = (await client.get(`${base()}/activity`)).body as unknown as Array<Record<string, unknown>>;
    expect(activity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ flowKey: 'customers', sourceKey: 'NZC0043', state: 'done', action: 'created' }),
        expect.objectContaining({ flowKey: 'customers', sourceKey: 'NZC0042', state: 'dead', error: 'validation' }),
        expect.objectContaining({ flowKey: 'invoices', sourceKey: 'FAC0001', state: 'held' }),
      ]),
    );
    expect(activity.map((a) => a.sourceKey)).not.toContain('FAC0002'); // waiting is not settled
    const onlyInvoices = (await client.get(`${base()}/activity?flowKey=invoices`)).body as unknown as unknown[];
    expect(onlyInvoices).toHaveLength(1);

    // Actors by name: the owner who installed the starter flows, staff by email; no bare user ids.
    const audit = (await client.get(`/api/support/tenants/${tenantId}/audit`)).body as unknown as Array<{
      actorKind: string;
      actorId: string | null;
      actorName: string;
    }>;
    const ownerName = (await read(world, customer.browser, '/api/tenant/members')).body[0].displayName as string;
    const users = audit.filter((e) => e.actorKind === 'user');
    expect(users.length).toBeGreaterThan(0);
    expect(ownerName).toBeTruthy();
    for (const u of users) expect(u.actorName).toBe(ownerName);
    expect(audit.filter((e) => e.actorKind === 'staff').every((e) => e.actorName.endsWith('@ledgerbridge.test'))).toBe(
      true,
    );
  });

  it('refuses without a grant (403), after the grant expires (403), and for a member or nobody (403/401)', async () => {
    const { client, staffId, email } = await signedInStaff();
    const paths = [
      `/api/support/tenants/${tenantId}/integrations`,
      `/api/support/tenants/${tenantId}/connections`,
      ...VIEWS.map((v) => `${base()}/${v}`),
      `${base()}/dead-letters/${deadId}`,
    ];
    for (const path of paths) expect([path, (await client.get(path)).status]).toEqual([path, 403]);

    // A grant with a short time box, made through the service: live now, refused once it has run out.
    const tx = new TenantTransactions(runtime);
    const service = new SupportService(tx, new SystemAccess(runtime), new AuditTrail(), runtime);
    await service.grant({ staffId, email }, tenantId, 'Ticket #5151: short look at one flow', 0.1, {});
    expect((await client.get(`${base()}/activity`)).status).toBe(200);
    await eventually('the grant to run out', async () =>
      (await client.get(`${base()}/activity`)).status === 403 ? true : undefined,
    );
    for (const path of paths) expect([path, (await client.get(path)).status]).toEqual([path, 403]);
    expect((await client.get(`/api/support/tenants/${tenantId}/access`)).body!.grant).toBeNull();

    for (const path of paths) {
      expect([path, (await read(world, customer.browser, path)).status]).toEqual([path, 403]);
      const anonymous = await fetch(`${world.api.url}${path}`);
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
  });

  it("shows the run log (a run's log lines) and a record's trail under the grant; another tenant's run is not found", async () => {
    const { client, email } = await signedInStaff();
    expect((await client.post('/api/support/grants', { tenantId, reason: REASON, minutes: 15 })).status).toBe(201);
    const runs = (await client.get(`${base()}/runs`)).body as unknown as { items: Array<Record<string, unknown>> };
    expect(runs.items).toEqual([
      expect.objectContaining({ id: runId, flowKey: 'customers', outcome: 'partial', xeroCalls: 1 }),
    ]);
    const run = (await client.get(`${base()}/runs/${runId}`)).body as unknown as {
      events: Array<{ event: string; recordKey: string; response: { messages?: string[] } | null }>;
    };
    expect(run.events.map((e) => [e.event, e.recordKey])).toEqual([
      ['mapped', 'NZC0042'],
      ['dead', 'NZC0042'],
      ['written', 'NZC0042X'],
    ]);
    expect(run.events[1].response?.messages).toEqual(['Account code 999 is not valid']);
    const trail = (await client.get(`${base()}/trail/NZC0042`)).body as unknown as Array<Record<string, unknown>>;
    expect(trail.map((e) => e.event)).toEqual(['mapped', 'dead']);
    expect(trail[0].before).toEqual({ _id: 'NZC0042', BPCNUM: 'NZC0042' });
    const search = (await client.get(`${base()}/trail?key=NZC004`)).body as unknown as { items: unknown[] };
    expect(search.items).toHaveLength(3);
    // Another tenant's run and record, through this tenant's integration or theirs: not found / no grant.
    expect((await client.get(`${base()}/runs/${otherRunId}`)).status).toBe(404);
    expect((await client.get(`${base()}/trail/THEIRS9`)).status).toBe(404);
    expect((await client.get(`${base(tenantId, otherIntegrationId)}/runs`)).status).toBe(404);
    expect((await client.get(`${base(otherTenantId, otherIntegrationId)}/runs/${otherRunId}`)).status).toBe(403);
    for (const bad of ['runs/not-a-uuid', 'runs?limit=0', 'trail?from=yesterday', 'trail/%07bell'])
      expect([bad, (await client.get(`${base()}/${bad}`)).status]).toEqual([bad, 400]);
    // The operators' log has each view once per integration looked at (the refused look too); the tenant one entry.
    const reads: Array<{ view: string; target: string }> = await owner.query(
      `SELECT details->>'view' AS view, details->>'targetId' AS target FROM staff_audit_log
       WHERE staff_email = $1 AND action = 'staff.support_read'`,
      [email],
    );
    expect(reads.map((r) => `${r.view} ${r.target === integrationId ? 'ours' : 'other'}`).sort()).toEqual([
      'record_trail ours',
      'run ours',
      'runs other',
      'runs ours',
    ]);
    const mine = (await staffEntries()).filter((e) => e.details.staff === email);
    expect(mine.map((e) => e.action)).toEqual(['support.access_granted']);
  });

  it("answers 404 for another tenant's integration or dead letter under a grant for this one, and 400 for hostile ids", async () => {
    const { client } = await signedInStaff();
    expect((await client.post('/api/support/grants', { tenantId, reason: REASON, minutes: 15 })).status).toBe(201);
    const theirDead = await seedSettled(owner, {
      tenantId: otherTenantId,
      integrationId: otherIntegrationId,
      flowKey: 'customers',
      entity: 'customer',
      sourceKey: 'THEIRS1',
      state: 'dead',
    });
    for (const view of VIEWS) {
      const res = await client.get(`${base(tenantId, otherIntegrationId)}/${view}`);
      expect([view, res.status]).toEqual([view, 404]);
      expect([view, (await client.get(`${base(tenantId, NOBODY)}/${view}`)).status]).toEqual([view, 404]);
    }
    expect((await client.get(`${base(tenantId, otherIntegrationId)}/dead-letters/${theirDead}`)).status).toBe(404);
    expect((await client.get(`${base()}/dead-letters/${theirDead}`)).status).toBe(404);
    // Their tenant, with no grant for it: refused, not found through ours.
    expect((await client.get(`${base(otherTenantId, otherIntegrationId)}/dead-letters`)).status).toBe(403);
    expect((await client.get(`/api/support/tenants/${NOBODY}/access`)).status).toBe(404);

    for (const hostile of ['not-a-uuid', "1'%20OR%201=1", '..%2F..%2Fetc', `${integrationId}x`]) {
      expect([hostile, (await client.get(`${base(tenantId, hostile)}/dead-letters`)).status]).toEqual([hostile, 400]);
      expect([hostile, (await client.get(`${base(hostile, integrationId)}/activity`)).status]).toEqual([hostile, 400]);
      expect([hostile, (await client.get(`${base()}/dead-letters/${hostile}`)).status]).toEqual([hostile, 400]);
      expect([hostile, (await client.get(`/api/support/tenants/${hostile}/access`)).status]).toEqual([hostile, 400]);
    }
    for (const q of ['limit=0', 'limit=100000', 'flowKey=%27%3B%20DROP', 'limit=abc'])
      expect([q, (await client.get(`${base()}/activity?${q}`)).status]).toEqual([q, 400]);
  });

  it('refuses the read, and shows nothing, when the audit entry cannot be written (never an unaudited read)', async () => {
    const { client } = await signedInStaff();
    expect((await client.post('/api/support/grants', { tenantId, reason: REASON, minutes: 15 })).status).toBe(201);
    // The operators' log fails for support reads only: a trigger the owner adds for this test.
    const fn = `lb_test_refuse_support_read_${Date.now().toString(36)}`;
    await owner.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$`);
    await owner.query(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON staff_audit_log FOR EACH ROW
       WHEN (NEW.details->>'tenantId' = '${tenantId}' AND NEW.action = 'staff.support_read') EXECUTE FUNCTION ${fn}()`,
    );
    try {
      const res = await client.get(`${base()}/dead-letters`);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/NZC0042|audit log unavailable/);
    } finally {
      await owner.query(`DROP TRIGGER ${fn} ON staff_audit_log`);
      await owner.query(`DROP FUNCTION ${fn}()`);
    }
    expect((await client.get(`${base()}/dead-letters`)).status).toBe(200);
  });
});
