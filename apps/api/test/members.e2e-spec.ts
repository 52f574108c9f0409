import { DataSource } from 'typeorm';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { change, newOrg, read, sessionOf, signInWithXero, startXeroWorld, XeroWorld, invitationToken, uniqueEmail } from './xero-world';



describe('members, roles and invitations', () => {
  let world: XeroWorld;
  let owner: DataSource;

  beforeAll(async () => {
    world = await startXeroWorld();
    owner = await ownerDataSource();
  }, 30_000);
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  it('invites by a single-use link: used once it is refused, expired it is refused', async () => {
    const bossOrg = await newOrg(world, uniqueEmail('boss'));
    const boss = new CookieBrowser();
    await signInWithXero(world, boss, bossOrg);

    const joinerOrg = await newOrg(world, uniqueEmail('joiner'));
    const invited = await change(world, boss, 'POST', '/api/tenant/invitations', { email: joinerOrg.userEmail, role: 'admin' });
    expect(invited.body).toMatchObject({ status: 'pending', role: 'admin' });
    expect(JSON.stringify(invited.body)).not.toMatch(/token/i);
    const token = await invitationToken(owner, joinerOrg.userEmail);

    // Invitee is not signed in yet: the token waits in the session, Sign in with Xero completes it.
    const joiner = new CookieBrowser();
    const pending = await change(world, joiner, 'POST', '/api/invitations/accept', { token });
    expect(pending.body).toEqual({ joined: false, next: '/api/auth/xero/login' });
    await signInWithXero(world, joiner, joinerOrg);
    const s = await sessionOf(world, joiner);
    expect(s.tenant!.id).toBe((await sessionOf(world, boss)).tenant!.id);
    expect(s.role).toBe('admin');
    expect(s.tenants).toHaveLength(1); // no stray tenant was created for the invitee

    const reuse = await change(world, joiner, 'POST', '/api/invitations/accept', { token });
    expect(reuse.status).toBe(410);
    expect(reuse.body.message).toMatch(/already been used/);

    const lateOrg = await newOrg(world, uniqueEmail('late'));
    await change(world, boss, 'POST', '/api/tenant/invitations', { email: lateOrg.userEmail, role: 'viewer' });
    const lateToken = await invitationToken(owner, lateOrg.userEmail);
    await owner.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = $1`, [lateOrg.userEmail.toLowerCase()]);
    const late = new CookieBrowser();
    await signInWithXero(world, late, lateOrg);
    const expired = await change(world, late, 'POST', '/api/invitations/accept', { token: lateToken });
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/expired/);

    expect((await change(world, late, 'POST', '/api/invitations/accept', { token: 'x'.repeat(43) })).status).toBe(404);
  }, 60_000);

  it('keeps at least one owner, and lets only owners make owners', async () => {
    const ownerOrg = await newOrg(world, uniqueEmail('owner'));
    const ownerBrowser = new CookieBrowser();
    await signInWithXero(world, ownerBrowser, ownerOrg);
    const members = (await read(world, ownerBrowser, '/api/tenant/members')).body;
    const me = members[0];
    const demote = await change(world, ownerBrowser, 'PATCH', `/api/tenant/members/${me.membershipId}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/last owner/);
    expect((await change(world, ownerBrowser, 'DELETE', `/api/tenant/members/${me.membershipId}`)).status).toBe(409);

    const adminOrg = await newOrg(world, uniqueEmail('admin'));
    await change(world, ownerBrowser, 'POST', '/api/tenant/invitations', { email: adminOrg.userEmail, role: 'admin' });
    const admin = new CookieBrowser();
    await change(world, admin, 'POST', '/api/invitations/accept', { token: await invitationToken(owner, adminOrg.userEmail) });
    await signInWithXero(world, admin, adminOrg);
    expect((await change(world, admin, 'POST', '/api/tenant/invitations', { email: uniqueEmail('x'), role: 'owner' })).status).toBe(403);
    const adminMember = (await read(world, ownerBrowser, '/api/tenant/members')).body.find((m: { email: string }) => m.email === adminOrg.userEmail.toLowerCase() || m.email === adminOrg.userEmail);
    expect((await change(world, ownerBrowser, 'PATCH', `/api/tenant/members/${adminMember.membershipId}`, { role: 'owner' })).status).toBe(204);
    // Now there are two owners, the first may step down.
    expect((await change(world, ownerBrowser, 'PATCH', `/api/tenant/members/${me.membershipId}`, { role: 'viewer' })).status).toBe(204);
    expect((await sessionOf(world, ownerBrowser)).role).toBe('viewer');
    expect((await change(world, ownerBrowser, 'PATCH', '/api/tenant', { name: 'Viewer rename' })).status).toBe(403);
    const audit = (await read(world, admin, '/api/tenant/audit?action=member.')).body.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['member.invited', 'member.joined', 'member.role_changed']));
  }, 60_000);
});
