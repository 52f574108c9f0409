import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CookieBrowser } from '#lb/testing';
import { TestOrg } from '../../../sandbox/src/xero/testing/sandbox-harness';
import {
  change,
  invitationToken,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  uniqueEmail,
  XeroWorld,
  xeroWorldForSuite,
} from '../xero-world';

/** The session signed in with Xero long ago: sensitive changes now need a fresh sign-in. */
async function makeStale(world: XeroWorld, owner: DataSource, browser: CookieBrowser): Promise<void> {
  await owner.query(
    `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
    [(await sessionOf(world, browser)).user!.id],
  );
}

async function signedIn(world: XeroWorld, prefix: string): Promise<{ org: TestOrg; browser: CookieBrowser }> {
  const org = await newOrg(world, uniqueEmail(prefix));
  const browser = new CookieBrowser();
  await signInWithXero(world, browser, org);
  return { org, browser };
}

describe('members and invitations: who may do what', () => {
  const suite = xeroWorldForSuite();

  it('binds an invitation to the invited email: someone else holding the link cannot join', async () => {
    const boss = await signedIn(suite.world, 'boss');
    const invitee = await newOrg(suite.world, uniqueEmail('invitee'));
    expect(
      (
        await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
          email: invitee.userEmail,
          role: 'owner',
        })
      ).status,
    ).toBe(201);
    const token = await invitationToken(suite.owner, invitee.userEmail);

    // A different person, signed in, tries the link: refused, and the invitation stays open.
    const stranger = await signedIn(suite.world, 'stranger');
    const taken = await change(suite.world, stranger.browser, 'POST', '/api/invitations/accept', { token });
    expect(taken.status).toBe(403);
    expect(taken.body).toMatchObject({
      code: 'invitation_other_email',
      message: expect.stringMatching(/another email/),
    });
    // Nor does it work through the sign-in path: they land in their own organisation, on the
    // invitation page with the refusal's code for the SPA to explain.
    const late = new CookieBrowser();
    await change(suite.world, late, 'POST', '/api/invitations/accept', { token });
    expect(await signInWithXero(suite.world, late, stranger.org)).toBe(
      '/invitations/accept?error=invitation_other_email',
    );
    const bossTenant = (await sessionOf(suite.world, boss.browser)).tenant!.id;
    expect((await sessionOf(suite.world, late)).tenants!.map((t) => t.id)).not.toContain(bossTenant);

    // The invited person (email compared case-insensitively) joins as owner.
    const joiner = new CookieBrowser();
    await signInWithXero(suite.world, joiner, invitee);
    await suite.owner.query(`UPDATE users SET email = upper(email) WHERE email = $1`, [invitee.userEmail]);
    const joined = await change(suite.world, joiner, 'POST', '/api/invitations/accept', { token });
    expect(joined.status).toBe(201);
    expect(await sessionOf(suite.world, joiner)).toMatchObject({ tenant: { id: bossTenant }, role: 'owner' });
  });

  it('keeps the link out of plain text: sealed in secrets, shown to an admin only after a recent sign-in', async () => {
    const boss = await signedIn(suite.world, 'sealer');
    const email = uniqueEmail('sealed');
    const invited = await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
      email,
      role: 'viewer',
    });
    const token = await invitationToken(suite.owner, email);
    const [stored] = await suite.owner.query(
      `SELECT e.body, i.token_hash, s.ciphertext FROM email_outbox e JOIN invitations i ON i.id = e.invitation_id
       JOIN secrets s ON s.id = i.token_secret_id WHERE i.id = $1`,
      [invited.body.id],
    );
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.body).not.toMatch(/#token=/);

    const linkPath = `/api/tenant/invitations/${invited.body.id}/link`;
    const shown = await read(suite.world, boss.browser, linkPath);
    expect(shown.status).toBe(200);
    expect(shown.body.link).toBe(`${suite.world.api.url}/invitations/accept#token=${token}`);
    await makeStale(suite.world, suite.owner, boss.browser);
    const stale = await read(suite.world, boss.browser, linkPath);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauth_required');
    const audit = (await read(suite.world, boss.browser, '/api/tenant/audit?action=member.invitation_link')).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['member.invitation_link_viewed']);
  });

  it('needs a recent sign-in to invite an owner or admin (a viewer needs none)', async () => {
    const boss = await signedIn(suite.world, 'inviter');
    await makeStale(suite.world, suite.owner, boss.browser);
    for (const role of ['owner', 'admin']) {
      const refused = await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
        email: uniqueEmail(role),
        role,
      });
      expect({ role, status: refused.status, code: refused.body.code }).toEqual({
        role,
        status: 401,
        code: 'reauth_required',
      });
    }
    expect(
      (
        await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
          email: uniqueEmail('v'),
          role: 'viewer',
        })
      ).status,
    ).toBe(201);
  });

  it('lets only an owner change or remove an owner', async () => {
    const boss = await signedIn(suite.world, 'owner');
    const adminOrg = await newOrg(suite.world, uniqueEmail('admin'));
    await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
      email: adminOrg.userEmail,
      role: 'admin',
    });
    const admin = new CookieBrowser();
    await signInWithXero(suite.world, admin, adminOrg);
    const token = await invitationToken(suite.owner, adminOrg.userEmail);
    expect((await change(suite.world, admin, 'POST', '/api/invitations/accept', { token })).status).toBe(201);

    const members = (await read(suite.world, boss.browser, '/api/tenant/members')).body as Array<{
      membershipId: string;
      role: string;
    }>;
    const ownerMember = members.find((m) => m.role === 'owner')!;
    const adminMember = members.find((m) => m.role === 'admin')!;
    // A second owner, so the last-owner rule is not what refuses the admin below.
    const secondOrg = await newOrg(suite.world, uniqueEmail('owner2'));
    await change(suite.world, boss.browser, 'POST', '/api/tenant/invitations', {
      email: secondOrg.userEmail,
      role: 'owner',
    });
    const second = new CookieBrowser();
    await signInWithXero(suite.world, second, secondOrg);
    const secondToken = await invitationToken(suite.owner, secondOrg.userEmail);
    expect((await change(suite.world, second, 'POST', '/api/invitations/accept', { token: secondToken })).status).toBe(
      201,
    );

    const demote = await change(suite.world, admin, 'PATCH', `/api/tenant/members/${ownerMember.membershipId}`, {
      role: 'viewer',
    });
    expect(demote.status).toBe(403);
    expect(demote.body.message).toMatch(/Only an owner/);
    expect((await change(suite.world, admin, 'DELETE', `/api/tenant/members/${ownerMember.membershipId}`)).status).toBe(
      403,
    );
    expect((await sessionOf(suite.world, boss.browser)).role).toBe('owner');
    // An admin still manages admins and viewers; an owner manages everyone.
    expect(
      (
        await change(suite.world, boss.browser, 'PATCH', `/api/tenant/members/${adminMember.membershipId}`, {
          role: 'viewer',
        })
      ).status,
    ).toBe(204);
  });

  it('needs a recent sign-in to rotate X3 credentials', async () => {
    const boss = await signedIn(suite.world, 'rotator');
    await makeStale(suite.world, suite.owner, boss.browser);
    // The guard answers before the connection is even looked up.
    const stale = await change(suite.world, boss.browser, 'PATCH', `/api/connections/x3/${randomUUID()}/credentials`, {
      auth: { clientId: 'x', clientSecret: 'y'.repeat(32), user: 'ADMIN' },
    });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauth_required');
  });
});
