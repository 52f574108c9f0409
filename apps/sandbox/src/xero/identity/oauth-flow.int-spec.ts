/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import {
  ALL_SCOPES,
  Browser,
  Sandbox,
  TestApp,
  TestOrg,
  api,
  authorize,
  createOrg,
  http,
  openidClient,
  registerApp,
  startSandbox,
  uniq,
} from '../testing/sandbox-harness';

describe('Xero identity: code flow', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let org2: TestOrg;
  let app: TestApp;

  beforeAll(async () => {
    sb = await startSandbox();
    const email = `${uniq('oauth')}@example.test`;
    org = await createOrg(sb, email, 'NZ');
    org2 = await createOrg(sb, email, 'AU');
    app = await registerApp(sb, uniq('OAuth test app'));
  });
  afterAll(async () => sb?.close());

  it('serves discovery with Xero-like endpoints', async () => {
    const res = await http(`${sb.url}/identity/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body.issuer).toBe(`${sb.url}/identity`);
    expect(res.body.token_endpoint).toBe(`${sb.url}/identity/connect/token`);
    expect(res.body.jwks_uri).toBe(`${sb.url}/identity/.well-known/openid-configuration/jwks`);
    expect(res.body.code_challenge_methods_supported).toContain('S256');
  });

  it("runs the code flow with PKCE, state and nonce; tokens look like Xero's", async () => {
    const { tokens } = await authorize(sb, app, org, { tenantIds: [org.tenantId, org2.tenantId] });
    expect(tokens.expires_in).toBe(1800);
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims!()!;
    expect(claims).toEqual(
      expect.objectContaining({
        email: org.userEmail,
        xero_userid: expect.any(String),
        given_name: 'Demo',
        family_name: 'User',
        preferred_username: org.userEmail,
        global_session_id: expect.any(String),
      }),
    );
    const access = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
    expect(access).toEqual(
      expect.objectContaining({
        authentication_event_id: expect.any(String),
        xero_userid: claims.xero_userid,
        client_id: app.clientId,
      }),
    );
    expect(access.scope).toEqual(expect.arrayContaining(['accounting.transactions']));
    expect(access.exp - access.iat).toBe(1800);

    const conns = await http(`${sb.url}/connections`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(conns.status).toBe(200);
    expect(conns.body).toHaveLength(2);
    expect(conns.body[0]).toEqual(
      expect.objectContaining({ tenantType: 'ORGANISATION', authEventId: access.authentication_event_id }),
    );
    const byEvent = await http(`${sb.url}/connections?authEventId=${access.authentication_event_id}`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(byEvent.body).toHaveLength(2);

    const orgRes = await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation');
    expect(orgRes.status).toBe(200);
    expect(orgRes.body.Organisations[0].OrganisationID).toBe(org.tenantId);

    const userinfo = await http(`${sb.url}/identity/connect/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.body.email).toBe(org.userEmail);

    // DELETE /connections/{id} disconnects one organisation; its calls then fail.
    const target = conns.body.find((c: { tenantId: string }) => c.tenantId === org2.tenantId);
    expect(
      (
        await http(`${sb.url}/connections/${target.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${tokens.access_token}` },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await http(`${sb.url}/connections/${target.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${tokens.access_token}` },
        })
      ).status,
    ).toBe(404);
    expect((await api(sb, tokens.access_token, org2.tenantId)('GET', '/Organisation')).status).toBe(403);
  });

  it('returns every granted scope in the token response, OIDC scopes included, and again on refresh', async () => {
    const { tokens, config } = await authorize(sb, app, org);
    const granted = ALL_SCOPES.split(' ').sort();
    expect(
      String((tokens as { scope?: string }).scope)
        .split(' ')
        .sort(),
    ).toEqual(granted);
    const refreshed = await openidClient().refreshTokenGrant(config as never, tokens.refresh_token!);
    expect(String(refreshed.scope).split(' ').sort()).toEqual(granted);
    const narrow = await authorize(sb, app, org, { scope: 'openid offline_access accounting.contacts.read' });
    expect(
      String((narrow.tokens as { scope?: string }).scope)
        .split(' ')
        .sort(),
    ).toEqual(['accounting.contacts.read', 'offline_access', 'openid']);
  });

  it('refuses API calls without a token, with a bad token, or without a connected tenant', async () => {
    const { tokens } = await authorize(sb, app, org, { scope: ALL_SCOPES });
    expect(
      (
        await http(`${sb.url}/api.xro/2.0/Organisation`, {
          headers: { 'xero-tenant-id': org.tenantId, accept: 'application/json' },
        })
      ).status,
    ).toBe(401);
    expect((await api(sb, `${tokens.access_token}x`, org.tenantId)('GET', '/Organisation')).status).toBe(401);
    expect((await api(sb, tokens.access_token, '')('GET', '/Organisation')).status).toBe(403);
    // Without Accept: application/json Xero answers XML; the sandbox refuses loudly instead.
    const xml = await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation', undefined, {
      accept: 'application/xml',
    });
    expect(xml.status).toBe(406);
  });

  it('accepts the client secret in the body as well as in Basic auth', async () => {
    const { tokens } = await authorize(sb, app, org, { auth: 'post' });
    expect((await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(200);
  });

  it('serves PKCE apps as public clients: a code_verifier is required', async () => {
    const pkceApp = await registerApp(sb, uniq('PKCE app'), undefined, 'pkce');
    const { tokens } = await authorize(sb, pkceApp, org, { auth: 'none' });
    expect(tokens.refresh_token).toBeTruthy();
    const noPkce = await http(
      `${sb.url}/identity/connect/authorize?${new URLSearchParams({ client_id: pkceApp.clientId, response_type: 'code', scope: 'openid', redirect_uri: pkceApp.redirectUri })}`,
    );
    expect(noPkce.status).toBe(303);
    expect(noPkce.headers.get('location')).toContain('error=invalid_request');
  });

  it('refuses calls outside the granted scopes', async () => {
    const { tokens } = await authorize(sb, app, org, { scope: 'openid offline_access accounting.contacts.read' });
    const call = api(sb, tokens.access_token, org.tenantId);
    expect((await call('GET', '/Contacts')).status).toBe(200);
    const write = await call('PUT', '/Contacts', { Contacts: [{ Name: 'Scoped' }] });
    expect(write.status).toBe(401);
    expect(write.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
    expect((await call('GET', '/Invoices')).status).toBe(401);
  });

  it('returns access_denied to the app when the user cancels on the consent page', async () => {
    const browser = new Browser(sb.url);
    const login = await browser.go(
      `/identity/connect/authorize?${new URLSearchParams({ client_id: app.clientId, response_type: 'code', scope: 'openid accounting.contacts', redirect_uri: app.redirectUri, state: 's1' })}`,
    );
    const uid = /\/identity\/interaction\/([^/"]+)\/login/.exec(login.html)![1];
    const consent = await browser.go(`/identity/interaction/${uid}/login`, {
      method: 'POST',
      form: { email: org.userEmail, password: org.password },
    });
    const uid2 = /\/identity\/interaction\/([^/"]+)\/consent/.exec(consent.html)![1];
    const none = await browser.go(`/identity/interaction/${uid2}/consent`, {
      method: 'POST',
      form: { decision: 'allow' },
    });
    expect(none.status).toBe(400);
    expect(none.html).toContain('Choose at least one organisation');
    const done = await browser.go(`/identity/interaction/${uid2}/consent`, {
      method: 'POST',
      form: { decision: 'deny' },
    });
    const back = new URL(done.url);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('s1');
  });

  it('refuses a wrong password on the login page', async () => {
    const res = await http(
      `${sb.url}/identity/connect/authorize?client_id=${app.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(app.redirectUri)}`,
    );
    expect(res.status).toBe(303);
  });
});

describe('Xero identity: apps pre-registered from settings', () => {
  it('authorises an app given in SANDBOX_XERO_APPS', async () => {
    const clientId = uniq('PREREG').toUpperCase();
    const redirectUri = 'http://localhost:5999/callback';
    const sb = await startSandbox({
      xero: {
        apps: [
          { clientId, clientSecret: 'pre-registered-secret', redirectUris: [redirectUri], name: 'Pre-registered' },
        ],
      },
    });
    try {
      const org = await createOrg(sb, `${uniq('prereg')}@example.test`);
      const { tokens } = await authorize(
        sb,
        { clientId, clientSecret: 'pre-registered-secret', webhookKey: '', redirectUri },
        org,
      );
      const res = await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation');
      expect(res.body.ProviderName).toBe('Pre-registered');
    } finally {
      await sb.close();
    }
  });
});
