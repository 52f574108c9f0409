import { DataSource } from 'typeorm';
import { CookieBrowser, ownerDataSource } from '#lb/testing';
import { control as xeroControl } from '../../sandbox/src/xero/testing/sandbox-harness';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  startXeroWorld,
  XeroWorld,
  invitationToken,
  uniqueEmail,
} from './xero-world';

describe('connections and integrations', () => {
  let world: XeroWorld;
  let owner: DataSource;
  let folder: TestFolder;

  beforeAll(async () => {
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' });
    owner = await ownerDataSource();
    folder = await provisionFolder(world.sandbox.url);
  });
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
  });

  const x3Body = (name = 'SEED folder', secret = folder.connectedApplication.secret) => ({
    name,
    baseUrl: world.sandbox.url,
    folder: folder.folder,
    companies: [],
    auth: {
      mode: 'jwt',
      clientId: folder.connectedApplication.clientId,
      secret,
      user: folder.connectedApplication.user,
    },
  });

  it('connects a Xero organisation, pairs it with an X3 folder, and keeps secrets out of every answer', async () => {
    const org = await newOrg(world, uniqueEmail('connect'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    const landed = await connectXero(world, browser, org);
    expect(landed.pathname).toBe('/settings/connections');
    expect(landed.searchParams.get('connected')).toBe('1');

    const test = await change(world, browser, 'POST', '/api/connections/x3/test', x3Body());
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(true);
    expect(test.body.companies.length).toBeGreaterThanOrEqual(2);
    const company = test.body.companies[0].code;

    const created = await change(world, browser, 'POST', '/api/connections/x3', x3Body());
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(folder.connectedApplication.secret);
    expect(created.body).toMatchObject({ status: 'ok', folder: folder.folder, authMode: 'jwt' });

    const listed = await read(world, browser, '/api/connections');
    expect(JSON.stringify(listed.body)).not.toContain(folder.connectedApplication.secret);
    expect(listed.body.xero).toEqual([
      expect.objectContaining({ status: 'active', xeroTenantId: org.tenantId, authorisedBy: expect.any(String) }),
    ]);

    const pair = await change(world, browser, 'POST', '/api/integrations', {
      name: 'Main ledger',
      xeroConnectionId: listed.body.xero[0].id,
      x3ConnectionId: created.body.id,
      x3Company: company,
    });
    expect(pair.status).toBe(201);
    const integrations = await read(world, browser, '/api/integrations');
    expect(integrations.body).toEqual([
      expect.objectContaining({ name: 'Main ledger', x3Company: company, xeroName: listed.body.xero[0].name }),
    ]);

    const audit = await read(world, browser, '/api/tenant/audit?action=connection.');
    expect(audit.body.map((e: { action: string }) => e.action).sort()).toEqual([
      'connection.x3_connected',
      'connection.xero_connected',
    ]);
  });

  it('pairs a Xero organisation once; re-pointing the pair starts its sync state over', async () => {
    const org = await newOrg(world, uniqueEmail('one-pair'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const x3 = await change(world, browser, 'POST', '/api/connections/x3', x3Body());
    const companies = (await change(world, browser, 'POST', '/api/connections/x3/test', x3Body())).body.companies;
    const xeroId = (await read(world, browser, '/api/connections')).body.xero[0].id;
    const first = await change(world, browser, 'POST', '/api/integrations', {
      name: 'First',
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: companies[0].code,
    });
    expect(first.status).toBe(201);

    // A second pair into the same organisation would write every record twice.
    const second = await change(world, browser, 'POST', '/api/integrations', {
      name: 'Second',
      xeroConnectionId: xeroId,
      x3ConnectionId: x3.body.id,
      x3Company: companies[1].code,
    });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already paired in the integration "First"/);
    expect((await read(world, browser, '/api/integrations')).body).toHaveLength(1);

    const moved = await change(world, browser, 'PATCH', `/api/integrations/${first.body.id}`, {
      x3Company: companies[1].code,
    });
    expect(moved.status).toBe(204);
    const audit = (await read(world, browser, '/api/tenant/audit?action=integration.repointed')).body;
    expect(audit[0].details.reset).toEqual({
      archivedCrossReferences: 0,
      droppedCursors: 0,
      droppedDeliveries: 0,
      cancelledChanges: 0,
      matchingCleared: false,
    });

    // Two pairs into one organisation at the same moment: both pass the service's check, the
    // database's unique index lets one in and the other gets the same 409
    expect((await change(world, browser, 'DELETE', `/api/integrations/${first.body.id}`)).status).toBe(204);
    const racing = await Promise.all(
      companies.slice(0, 2).map((c: { code: string }, i: number) =>
        change(world, browser, 'POST', '/api/integrations', {
          name: `Racing ${i}`,
          xeroConnectionId: xeroId,
          x3ConnectionId: x3.body.id,
          x3Company: c.code,
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(racing.find((r) => r.status === 409)!.body.message).toMatch(/already paired/);
    expect((await read(world, browser, '/api/integrations')).body).toHaveLength(1);
  });

  it('reports the exact error for wrong X3 credentials and rotates them in place', async () => {
    const org = await newOrg(world, uniqueEmail('rotate'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    const bad = await change(world, browser, 'POST', '/api/connections/x3/test', x3Body('bad', 'not-the-secret'));
    expect(bad.body).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const created = await change(world, browser, 'POST', '/api/connections/x3', x3Body('to rotate', 'not-the-secret'));
    expect(created.body.status).toBe('failing');
    const rotated = await change(world, browser, 'PATCH', `/api/connections/x3/${created.body.id}/credentials`, {
      auth: {
        mode: 'jwt',
        clientId: folder.connectedApplication.clientId,
        secret: folder.connectedApplication.secret,
        user: folder.connectedApplication.user,
      },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.status).toBe('ok');
  });

  it('refuses an organisation already connected to another tenant, with a clear message', async () => {
    const org = await newOrg(world, uniqueEmail('shared'));
    const first = new CookieBrowser();
    await signInWithXero(world, first, org);
    await connectXero(world, first, org);

    // Someone else's tenant invites the same person, who then tries to connect the same organisation there.
    const other = await newOrg(world, uniqueEmail('other'));
    const otherBrowser = new CookieBrowser();
    await signInWithXero(world, otherBrowser, other);
    expect(
      (await change(world, otherBrowser, 'POST', '/api/tenant/invitations', { email: org.userEmail, role: 'admin' }))
        .status,
    ).toBe(201);
    const accepted = await change(world, first, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, org.userEmail),
    });
    expect(accepted.body).toEqual({ joined: true });
    expect((await sessionOf(world, first)).tenant!.id).toBe((await sessionOf(world, otherBrowser)).tenant!.id);

    const landed = await connectXero(world, first, org);
    expect(landed.searchParams.get('connected')).toBe('0');
    // A count, never text: the SPA words it (a link must not make our page say anything).
    expect(landed.searchParams.get('refused')).toBe('1');
    expect((await read(world, first, '/api/connections')).body.xero).toEqual([]);
  });

  it('disconnects an organisation only after a fresh sign-in, and notices one disconnected inside Xero', async () => {
    const org = await newOrg(world, uniqueEmail('disconnect'));
    const second = await newOrg(world, org.userEmail); // the same Xero user gets a second organisation
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org, [org.tenantId, second.tenantId]);
    const conns = (await read(world, browser, '/api/connections')).body.xero as Array<{
      id: string;
      xeroTenantId: string;
    }>;
    expect(conns).toHaveLength(2);
    const [a, b] = [
      conns.find((c) => c.xeroTenantId === org.tenantId)!,
      conns.find((c) => c.xeroTenantId === second.tenantId)!,
    ];

    await owner.query(
      `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
      [(await sessionOf(world, browser)).user!.id],
    );
    const stale = await change(world, browser, 'DELETE', `/api/connections/xero/${a.id}`);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('reauth_required');
    await signInWithXero(world, browser, org, '?reauth=1');
    expect((await change(world, browser, 'DELETE', `/api/connections/xero/${a.id}`)).status).toBe(204);

    // The user removes our app from the second organisation inside Xero.
    const removed = await xeroControl(
      world.sandbox,
      second,
      'POST',
      `/connected-apps/${world.app.clientId}/disconnect`,
    );
    expect(removed.status).toBeLessThan(300);
    expect((await change(world, browser, 'POST', '/api/connections/xero/refresh')).status).toBe(204);
    const after = (await read(world, browser, '/api/connections')).body.xero as Array<{
      id: string;
      status: string;
      statusReason: string;
    }>;
    expect(after.find((c) => c.id === a.id)).toMatchObject({
      status: 'disconnected',
      statusReason: 'disconnected by user',
    });
    expect(after.find((c) => c.id === b.id)).toMatchObject({
      status: 'disconnected',
      statusReason: 'disconnected in Xero',
    });

    // Reconnecting brings the same row back (integrations keep pointing at it): no duplicates.
    await connectXero(world, browser, org);
    const reconnected = (await read(world, browser, '/api/connections')).body.xero as Array<{
      id: string;
      status: string;
      xeroTenantId: string;
    }>;
    expect(reconnected.filter((c) => c.xeroTenantId === org.tenantId)).toEqual([
      expect.objectContaining({ id: a.id, status: 'active' }),
    ]);
  });

  it("answers 404 for another tenant's ids and 403 for a viewer's change", async () => {
    const mine = await newOrg(world, uniqueEmail('mine'));
    const theirs = await newOrg(world, uniqueEmail('theirs'));
    const me = new CookieBrowser();
    const them = new CookieBrowser();
    await signInWithXero(world, me, mine);
    await signInWithXero(world, them, theirs);
    await connectXero(world, them, theirs);
    const x3 = await change(world, them, 'POST', '/api/connections/x3', x3Body('theirs'));
    const theirXero = (await read(world, them, '/api/connections')).body.xero[0].id;
    const theirMembers = (await read(world, them, '/api/tenant/members')).body;

    expect((await change(world, me, 'POST', `/api/connections/x3/${x3.body.id}/test`)).status).toBe(404);
    expect((await change(world, me, 'DELETE', `/api/connections/xero/${theirXero}`)).status).toBe(404);
    expect(
      (await change(world, me, 'PATCH', `/api/tenant/members/${theirMembers[0].membershipId}`, { role: 'viewer' }))
        .status,
    ).toBe(404);
    expect(
      (
        await change(world, me, 'POST', '/api/integrations', {
          name: 'x',
          xeroConnectionId: theirXero,
          x3ConnectionId: x3.body.id,
          x3Company: 'FR10',
        })
      ).status,
    ).toBe(404);

    // A viewer in their tenant can read but not change.
    const viewerOrg = await newOrg(world, uniqueEmail('viewer'));
    const viewer = new CookieBrowser();
    await signInWithXero(world, viewer, viewerOrg);
    await change(world, them, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    await change(world, viewer, 'POST', '/api/invitations/accept', {
      token: await invitationToken(owner, viewerOrg.userEmail),
    });
    expect((await read(world, viewer, '/api/connections')).status).toBe(200);
    expect((await change(world, viewer, 'POST', '/api/connections/x3', x3Body('nope'))).status).toBe(403);
    expect((await change(world, viewer, 'PATCH', '/api/tenant', { name: 'nope' })).status).toBe(403);
    expect((await change(world, viewer, 'DELETE', `/api/connections/xero/${theirXero}`)).status).toBe(403);
  });
});
