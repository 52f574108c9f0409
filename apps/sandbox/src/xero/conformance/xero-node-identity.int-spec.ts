/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// xero-node's own token handling (its nested openid-client 5) against the sandbox issuer, through
// the SDK's public seam: `openIdClient` built from the sandbox's discovery document.
import { XeroClient } from 'xero-node';
import {
  ALL_SCOPES,
  Sandbox,
  TestApp,
  TestOrg,
  consentInBrowser,
  createOrg,
  http,
  registerApp,
  startSandbox,
  uniq,
} from '../testing/sandbox-harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Issuer } = require(require.resolve('openid-client', { paths: [require.resolve('xero-node')] }));

describe('xero-node token handling against the sandbox identity server', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let app: TestApp;

  beforeAll(async () => {
    sb = await startSandbox();
    org = await createOrg(sb, `${uniq('sdk-identity')}@example.test`);
    app = await registerApp(sb, uniq('SDK identity app'));
  });
  afterAll(async () => sb?.close());

  it('consent URL, callback (id_token checked by the SDK), API call, refresh and revoke', async () => {
    const xero = new XeroClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUris: [app.redirectUri],
      scopes: ALL_SCOPES.split(' '),
      state: 'sdk-state',
    });
    const issuer = await Issuer.discover(`${sb.url}/identity`);
    xero.openIdClient = new issuer.Client({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uris: [app.redirectUri],
      response_types: ['code'],
    });
    const consentUrl = await xero.buildConsentUrl();
    const callback = await consentInBrowser(sb, consentUrl, org, app.redirectUri);
    const tokenSet = await xero.apiCallback(callback);
    expect(tokenSet.claims()).toEqual(
      expect.objectContaining({ email: org.userEmail, xero_userid: expect.any(String) }),
    );

    xero.accountingApi.basePath = `${sb.url}/api.xro/2.0`;
    const orgs = await xero.accountingApi.getOrganisations(org.tenantId);
    expect(orgs.body.organisations![0].organisationID).toBe(org.tenantId);

    const refreshed = await xero.refreshToken();
    expect(refreshed.refresh_token).not.toBe(tokenSet.refresh_token);
    expect((await xero.accountingApi.getOrganisations(org.tenantId)).response.status).toBe(200);

    await xero.revokeToken();
    const conns = await http(`${sb.url}/connections`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    expect(conns.status).toBe(401);
  });
});
