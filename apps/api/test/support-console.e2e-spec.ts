import * as OTPAuth from 'otpauth';
import { DataSource } from 'typeorm';
import { CookieBrowser, runtimeDataSource } from '#lb/testing';
import { staffService } from './staff-world';
import { change, newOrg, read, sessionOf, signInWithXero, startXeroWorld, XeroWorld } from './xero-world';

describe('support console', () => {
  let world: XeroWorld;
  let ds: DataSource;
  let staffEmail: string;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    world = await startXeroWorld();
    ds = await runtimeDataSource();
    staffEmail = `support-${Date.now().toString(36)}@ledgerbridge.test`;
    await staffService(ds).create(staffEmail, 'Sam Support', password, 'test');
  });
  afterAll(async () => {
    await ds?.destroy();
    await world?.close();
  });

  it('needs password then TOTP; a tenant is readable only after a stated reason; the tenant sees each access', async () => {
    const org = await newOrg(world, `customer-${Date.now().toString(36)}@example.test`);
    const customer = new CookieBrowser();
    await signInWithXero(world, customer, org);
    // A name of its own: every sandbox demo user's first tenant is called "Demo's organisation".
    const uniqueName = `Ticket 4711 Ltd ${Date.now().toString(36)}`;
    expect((await change(world, customer, 'PATCH', '/api/tenant', { name: uniqueName })).status).toBe(204);
    const tenant = (await sessionOf(world, customer)).tenant!;
    expect(tenant.name).toBe(uniqueName);

    const staff = new CookieBrowser();
    expect(
      (await change(world, staff, 'POST', '/api/staff/login', { email: staffEmail, password: 'wrong password!!' }))
        .status,
    ).toBe(401);
    expect((await change(world, staff, 'POST', '/api/staff/login', { email: staffEmail, password })).status).toBe(204);
    // Password alone grants nothing.
    expect((await read(world, staff, `/api/support/tenants?q=${encodeURIComponent(tenant.name)}`)).status).toBe(401);
    expect((await change(world, staff, 'POST', '/api/staff/login/totp', { code: '000000' })).status).toBe(401);
    // The first sign-in enrols the authenticator; the code that confirms it completes the sign-in.
    const enrolment = await read(world, staff, '/api/staff/login/enrolment');
    const totp = OTPAuth.URI.parse(enrolment.body.otpauthUri) as OTPAuth.TOTP;
    const code = totp.generate();
    expect((await change(world, staff, 'POST', '/api/staff/login/totp', { code })).status).toBe(204);

    const found = await read(world, staff, `/api/support/tenants?q=${encodeURIComponent(tenant.name)}`);
    expect(found.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: tenant.id })]));
    expect((await read(world, staff, `/api/support/tenants/${tenant.id}/audit`)).status).toBe(403);
    expect(
      (await change(world, staff, 'POST', '/api/support/grants', { tenantId: tenant.id, reason: 'short', minutes: 30 }))
        .status,
    ).toBe(400);
    const grant = await change(world, staff, 'POST', '/api/support/grants', {
      tenantId: tenant.id,
      reason: 'Customer ticket #4711: sync stalled',
      minutes: 30,
    });
    expect(grant.status).toBe(201);
    const audit = await read(world, staff, `/api/support/tenants/${tenant.id}/audit`);
    expect(audit.status).toBe(200);
    expect((await read(world, staff, `/api/support/tenants/${tenant.id}/connections`)).status).toBe(200);

    // Staff cannot use tenant routes, and a tenant member cannot use staff routes.
    expect((await read(world, staff, '/api/tenant')).status).toBe(403);
    expect((await read(world, customer, `/api/support/tenants/${tenant.id}/audit`)).status).toBe(403);

    const seen = (await read(world, customer, '/api/tenant/audit?actorKind=staff')).body as Array<{
      action: string;
      details: Record<string, string>;
    }>;
    expect(seen.map((e) => e.action)).toEqual(['support.access_granted']); // one entry; the reads are the operators' log
    expect(seen.find((e) => e.action === 'support.access_granted')!.details).toMatchObject({
      staff: staffEmail,
      reason: 'Customer ticket #4711: sync stalled',
    });

    // The same TOTP code cannot be replayed for a second sign-in.
    const replay = new CookieBrowser();
    await change(world, replay, 'POST', '/api/staff/login', { email: staffEmail, password });
    expect((await change(world, replay, 'POST', '/api/staff/login/totp', { code })).status).toBe(401);
  });
});
