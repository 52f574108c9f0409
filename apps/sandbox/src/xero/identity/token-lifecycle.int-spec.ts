/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
import {
  Sandbox,
  TestApp,
  TestOrg,
  api,
  authorize,
  control,
  createOrg,
  http,
  openidClient,
  registerApp,
  startSandbox,
  uniq,
} from '../testing/sandbox-harness';

describe('Xero identity: refresh rotation, grace, expiry and revocation on the sandbox clock', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let app: TestApp;
  const oc = openidClient();

  beforeAll(async () => {
    // The clock moves by months here: keep the try-mode organisation alive that long.
    sb = await startSandbox({ xero: { tryOrgDays: 400 } });
    org = await createOrg(sb, `${uniq('tokens')}@example.test`);
    app = await registerApp(sb, uniq('Token app'));
  });
  afterAll(async () => sb?.close());

  const advance = (seconds: number) => control(sb, org, 'POST', '/clock/advance', { seconds });
  const refreshError = async (config: unknown, rt: string) => {
    try {
      await oc.refreshTokenGrant(config as never, rt);
      return 'ok';
    } catch (e) {
      return (e as { error?: string }).error ?? String(e);
    }
  };

  it('rotates refresh tokens and honours the old one for a 30-minute grace, then invalid_grant', async () => {
    const { tokens, config } = await authorize(sb, app, org);
    const rt1 = tokens.refresh_token!;
    const second = await oc.refreshTokenGrant(config as never, rt1);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(rt1);
    // A process that died between refresh and store retries the old token: still fine in the grace.
    await advance(20 * 60);
    const retry = await oc.refreshTokenGrant(config as never, rt1);
    expect(retry.access_token).toBeTruthy();
    await advance(11 * 60);
    expect(await refreshError(config, rt1)).toBe('invalid_grant');
    // The newer token is untouched by the old one's death.
    const third = await oc.refreshTokenGrant(config as never, second.refresh_token!);
    expect(third.access_token).toBeTruthy();
    expect((await api(sb, third.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(200);
  });

  it('expires access tokens after 30 sandbox minutes', async () => {
    const { tokens } = await authorize(sb, app, org);
    expect((await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(200);
    await advance(31 * 60);
    const res = await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation');
    expect(res.status).toBe(401);
  });

  it('lets refresh tokens die after 60 days unused', async () => {
    const { tokens, config } = await authorize(sb, app, org);
    await advance(59 * 86400);
    const fresh = await oc.refreshTokenGrant(config as never, tokens.refresh_token!);
    await advance(59 * 86400);
    const again = await oc.refreshTokenGrant(config as never, fresh.refresh_token!);
    await advance(61 * 86400);
    expect(await refreshError(config, again.refresh_token!)).toBe('invalid_grant');
  });

  it("revocation removes the user's connections to the app and kills the token set", async () => {
    const { tokens, config } = await authorize(sb, app, org);
    await oc.tokenRevocation(config as never, tokens.refresh_token!);
    const conns = await http(`${sb.url}/connections`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(conns.status).toBe(401);
    expect((await api(sb, tokens.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(401);
    expect(await refreshError(config, tokens.refresh_token!)).toBe('invalid_grant');
  });

  it('control API: token revocation and disconnect from Connected Apps', async () => {
    const a = await authorize(sb, app, org);
    expect((await control(sb, org, 'POST', '/revoke-tokens', {})).body.revokedGrants).toBeGreaterThan(0);
    expect((await api(sb, a.tokens.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(401);

    const b = await authorize(sb, app, org);
    const listed = await control(sb, org, 'GET', '/connected-apps');
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ client_id: app.clientId })]));
    const page = await http(
      `${sb.url}/xero-control/organisations/${org.tenantId}/connected-apps-page?token=${encodeURIComponent(org.controlToken)}`,
    );
    expect(page.text).toContain('Connected Apps');
    expect((await control(sb, org, 'POST', `/connected-apps/${app.clientId}/disconnect`)).body.removedConnections).toBe(
      1,
    );
    expect((await api(sb, b.tokens.access_token, org.tenantId)('GET', '/Organisation')).status).toBe(401);
    const conns = await http(`${sb.url}/connections`, {
      headers: { authorization: `Bearer ${b.tokens.access_token}` },
    });
    expect(conns.body).toEqual([]);
  });

  it("refuses control calls without the organisation's control token", async () => {
    const res = await http(`${sb.url}/xero-control/organisations/${org.tenantId}/clock/advance`, {
      method: 'POST',
      json: { seconds: 1 },
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
  });
});
