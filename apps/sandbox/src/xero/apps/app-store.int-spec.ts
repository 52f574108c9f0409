/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// The App Store listing ("Sign up with Xero" starts there): its link is the app's own sign-up URL,
// checked like a redirect URI, and the app's name is shown as text.
import { Sandbox, http, startSandbox, uniq } from '../testing/sandbox-harness';

describe('Xero sandbox: App Store listing', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    // one app pre-registered as `npm start` and docker compose do it (SANDBOX_XERO_APPS)
    sb = await startSandbox({
      xero: {
        apps: [
          {
            clientId: 'PREREGISTERED-LISTED',
            clientSecret: 'pre-registered-secret',
            name: 'Ledgerbridge (development)',
            redirectUris: ['http://localhost:5999/api/auth/xero/callback'],
            signUpUrl: 'http://localhost:5999/api/auth/xero/login?signup=1',
          },
        ],
      },
    });
  });
  afterAll(async () => sb?.close());

  const register = (signUpUrl: unknown, name = uniq('Listed app')) =>
    http(`${sb.url}/xero-developer/apps`, {
      method: 'POST',
      json: { name, redirectUris: ['http://localhost:5999/cb'], signUpUrl },
    });

  it('links "Get this app" to the sign-up URL, and shows the name as text', async () => {
    const signUpUrl = 'http://localhost:5999/api/auth/xero/login?signup=1';
    const reg = await register(signUpUrl, '<b>Ledger</b> & co');
    expect(reg.status).toBe(201);
    expect(reg.body.signUpUrl).toBe(signUpUrl);
    const page = await http(`${sb.url}/xero-appstore/apps/${reg.body.clientId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="http://localhost:5999/api/auth/xero/login?signup=1">Get this app</a>');
    expect(page.text).toContain('&lt;b&gt;Ledger&lt;/b&gt; &amp; co');
  });

  it('refuses a sign-up URL that is not https (or http on loopback)', async () => {
    for (const bad of ['javascript:alert(1)', 'http://evil.example/x', 'not a url', 42]) {
      expect({ bad, status: (await register(bad)).status }).toEqual({ bad, status: 400 });
    }
  });

  it('says when an app has no sign-up link, and 404s an unknown app', async () => {
    const reg = await register(undefined);
    expect((await http(`${sb.url}/xero-appstore/apps/${reg.body.clientId}`)).text).toContain('no sign-up link');
    expect((await http(`${sb.url}/xero-appstore/apps/NOSUCHAPP`)).status).toBe(404);
  });

  it('lists a pre-registered app with its sign-up link too', async () => {
    const page = await http(`${sb.url}/xero-appstore/apps/PREREGISTERED-LISTED`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="http://localhost:5999/api/auth/xero/login?signup=1">Get this app</a>');
  });
});
