import { CookieBrowser } from '#lb/testing';
import {
  change,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  xeroWorldForSuite,
  invitationToken,
  uniqueEmail,
} from './xero-world';

describe('members, roles and invitations', () => {
  const suite = xeroWorldForSuite();

  it('invites by a single-use link: used once it is refused, expired it is refused', async () => {
    const bossOrg = await newOrg(suite.world, uniqueEmail('boss'));
    const boss = new CookieBrowser();
    await signInWithXero(suite.world, boss, bossOrg);

    const joinerOrg = await newOrg(suite.world, uniqueEmail('joiner'));
    const invited = await change(suite.world, boss, 'POST', '/api/tenant/invitations', {
      email: joinerOrg.userEmail,
      role: 'admin',
    });
    expect(invited.body).toMatchObject({ status: 'pending', role: 'admin' });
    expect(JSON.stringify(invited.body)).not.toMatch(/token/i);
    const token = await invitationToken(suite.owner, joinerOrg.userEmail);

    // Invitee is not signed in yet: the token waits in the session, Sign in with Xero completes it.
    const joiner = new CookieBrowser();
    const pending = await change(suite.world, joiner, 'POST', '/api/invitations/accept', { token });
    expect(pending.body).toEqual({ joined: false, next: '/api/auth/xero/login' });
    await signInWithXero(suite.world, joiner, joinerOrg);
    const s = await sessionOf(suite.world, joiner);
    expect(s.tenant!.id).toBe((await sessionOf(suite.world, boss)).tenant!.id);
    expect(s.role).toBe('admin');
    expect(s.tenants).toHaveLength(1); // no stray tenant was created for the invitee

    const reuse = await change(suite.world, joiner, 'POST', '/api/invitations/accept', { token });
    expect(reuse.status).toBe(410);
    expect(reuse.body.message).toMatch(/already been used/);

    const lateOrg = await newOrg(suite.world, uniqueEmail('late'));
    await change(suite.world, boss, 'POST', '/api/tenant/invitations', { email: lateOrg.userEmail, role: 'viewer' });
    const lateToken = await invitationToken(suite.owner, lateOrg.userEmail);
    await suite.owner.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = $1`, [
      lateOrg.userEmail.toLowerCase(),
    ]);
    const late = new CookieBrowser();
    await signInWithXero(suite.world, late, lateOrg);
    const expired = await change(suite.world, late, 'POST', '/api/invitations/accept', { token: lateToken });
    expect(expired.status).toBe(410);
    expect(expired.body.message).toMatch(/expired/);

    expect((await change(suite.world, late, 'POST', '/api/invitations/accept', { token: 'x'.repeat(43) })).status).toBe(
      404,
    );
  });

  it('keeps at least one owner, and lets only owners make owners', async () => {
    const ownerOrg = await newOrg(suite.world, uniqueEmail('owner'));
    const ownerBrowser = new CookieBrowser();
    await signInWithXero(suite.world, ownerBrowser, ownerOrg);
    const members = (await read(suite.world, ownerBrowser, '/api/tenant/members')).body;
    const me = members[0];
    const demote = await change(suite.world, ownerBrowser, 'PATCH', `/api/tenant/members/${me.membershipId}`, {
      role: 'admin',
    });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/last owner/);
    expect((await change(suite.world, ownerBrowser, 'DELETE', `/api/tenant/members/${me.membershipId}`)).status).toBe(
      409,
    );

    const adminOrg = await newOrg(suite.world, uniqueEmail('admin'));
    await change(suite.world, ownerBrowser, 'POST', '/api/tenant/invitations', {
      email: adminOrg.userEmail,
      role: 'admin',
    });
    const admin = new CookieBrowser();
    await change(suite.world, admin, 'POST', '/api/invitations/accept', {
      token: await invitationToken(suite.owner, adminOrg.userEmail),
    });
    await signInWithXero(suite.world, admin, adminOrg);
    expect(
      (await change(suite.world, admin, 'POST', '/api/tenant/invitations', { email: uniqueEmail('x'), role: 'owner' }))
        .status,
    ).toBe(403);
    const adminMember = (await read(suite.world, ownerBrowser, '/api/tenant/members')).body.find(
      (m: { email: string }) => m.email === adminOrg.userEmail.toLowerCase() || m.email === adminOrg.userEmail,
    );
    expect(
      (
        await change(suite.world, ownerBrowser, 'PATCH', `/api/tenant/members/${adminMember.membershipId}`, {
          role: 'owner',
        })
      ).status,
    ).toBe(204);
    // Now there are two owners, the first may step down.
    expect(
      (await change(suite.world, ownerBrowser, 'PATCH', `/api/tenant/members/${me.membershipId}`, { role: 'viewer' }))
        .status,
    ).toBe(204);
    expect((await sessionOf(suite.world, ownerBrowser)).role).toBe('viewer');
    expect((await change(suite.world, ownerBrowser, 'PATCH', '/api/tenant', { name: 'Viewer rename' })).status).toBe(
      403,
    );
    const audit = (await read(suite.world, admin, '/api/tenant/audit?action=member.')).body.map(
      (e: { action: string }) => e.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['member.invited', 'member.joined', 'member.role_changed']));
  });
});
