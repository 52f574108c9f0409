import { CookieBrowser } from '#lb/testing';
import {
  authoriseAtXero,
  change,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  xeroWorldForSuite,
  uniqueEmail,
} from './xero-world';

describe('Sign in with Xero', () => {
  const suite = xeroWorldForSuite();

  it('signs up on first sign-in: a user keyed by xero_userid and a tenant with them as owner', async () => {
    const org = await newOrg(suite.world, uniqueEmail('first'));
    const browser = new CookieBrowser();
    const landed = await signInWithXero(suite.world, browser, org, '?returnTo=/settings/connections');
    expect(landed).toBe('/settings/connections');
    const session = await sessionOf(suite.world, browser);
    expect(session).toMatchObject({ signedIn: true, role: 'owner', user: { email: org.userEmail } });
    expect(session.tenants).toHaveLength(1);
    const [user] = await suite.owner.query('SELECT xero_user_id FROM users WHERE id = $1', [session.user!.id]);
    expect(user.xero_user_id).toMatch(/\S+/);
    const audit = await read(suite.world, browser, '/api/tenant/audit');
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.created', 'user.signed_in']),
    );
  });

  it('lands a returning user in their tenant, with a new session id', async () => {
    const org = await newOrg(suite.world, uniqueEmail('again'));
    const first = new CookieBrowser();
    await signInWithXero(suite.world, first, org);
    const tenantId = (await sessionOf(suite.world, first)).tenant!.id;

    const second = new CookieBrowser();
    // A pre-sign-in session exists first (a login round-trip started, carrying state and nonce).
    await second.go(`${suite.world.api.url}/api/auth/xero/login`, {
      stopAt: (next) => next.startsWith(suite.world.sandbox.url),
    });
    const before = second.cookie(suite.world.api.url, 'lb_session');
    expect(before).toBeDefined();
    await signInWithXero(suite.world, second, org);
    expect(second.cookie(suite.world.api.url, 'lb_session')).not.toBe(before);
    expect((await sessionOf(suite.world, second)).tenant!.id).toBe(tenantId);
  });

  it("refuses a callback carrying another browser's state (login CSRF)", async () => {
    const org = await newOrg(suite.world, uniqueEmail('state'));
    const attacker = new CookieBrowser();
    const callback = await authoriseAtXero(suite.world, attacker, org); // a valid code, bound to the attacker's state
    const victim = new CookieBrowser();
    await victim.go(`${suite.world.api.url}/api/auth/xero/login`, {
      stopAt: (next) => next.startsWith(suite.world.sandbox.url),
    });
    const forged = await victim.go(callback, {
      stopAt: (next) => next.includes('/sign-in') || !next.includes('/api/'),
    });
    // The address carries a code only (the reason, state mismatch, goes to the log, not the page).
    expect(forged.url).toBe(`${suite.world.api.url}/sign-in?error=sign_in_failed`);
    expect((await sessionOf(suite.world, victim)).signedIn).toBe(false);
    // The legitimate browser can still complete its own sign-in with that code.
    const own = await attacker.go(callback, { stopAt: (next) => !next.includes('/api/') });
    expect(own.url).toBe(`${suite.world.api.url}/`);
    expect((await sessionOf(suite.world, attacker)).signedIn).toBe(true);
  });

  it('refuses a sign-in whose id_token nonce differs from the one stored in the session', async () => {
    const org = await newOrg(suite.world, uniqueEmail('nonce'));
    const browser = new CookieBrowser();
    const login = await browser.go(`${suite.world.api.url}/api/auth/xero/login`);
    const uid = /\/identity\/interaction\/([^/"]+)\/login/.exec(login.text)![1];
    // Tamper with the stored nonce (as if the response belonged to another login).
    await suite.owner.query(
      `UPDATE sessions SET data = jsonb_set(data, '{xeroSignIn,nonce}', '"tampered"') WHERE data ? 'xeroSignIn'`,
    );
    const consent = await browser.go(`${suite.world.sandbox.url}/identity/interaction/${uid}/login`, {
      method: 'POST',
      form: { email: org.userEmail, password: org.password },
    });
    const uid2 = /\/identity\/interaction\/([^/"]+)\/consent/.exec(consent.text)![1];
    const back = await browser.go(`${suite.world.sandbox.url}/identity/interaction/${uid2}/consent`, {
      method: 'POST',
      form: { decision: 'allow', tenantIds: [org.tenantId] },
      stopAt: (next) => next.startsWith(suite.world.api.url) && !next.includes('/api/'),
    });
    expect(back.url).toBe(`${suite.world.api.url}/sign-in?error=sign_in_failed`);
    expect((await sessionOf(suite.world, browser)).signedIn).toBe(false);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const org = await newOrg(suite.world, uniqueEmail('csrf'));
    const browser = new CookieBrowser();
    await signInWithXero(suite.world, browser, org);
    const noToken = await browser.go(`${suite.world.api.url}/api/tenant`, {
      method: 'PATCH',
      json: { name: 'Renamed' },
    });
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.text).message).toMatch(/CSRF/);
    expect((await change(suite.world, browser, 'PATCH', '/api/tenant', { name: 'Renamed Ltd' })).status).toBe(204);
    expect((await read(suite.world, browser, '/api/tenant')).body.name).toBe('Renamed Ltd');
  });

  it('refuses a session after sign-out everywhere', async () => {
    const org = await newOrg(suite.world, uniqueEmail('revoke'));
    const laptop = new CookieBrowser();
    const phone = new CookieBrowser();
    await signInWithXero(suite.world, laptop, org);
    await signInWithXero(suite.world, phone, org);
    expect((await change(suite.world, laptop, 'POST', '/api/auth/logout-everywhere')).status).toBe(204);
    expect((await read(suite.world, phone, '/api/tenant')).status).toBe(401);
    expect((await read(suite.world, laptop, '/api/tenant')).status).toBe(401);
  });

  it('never redirects off-site after sign-in', async () => {
    const org = await newOrg(suite.world, uniqueEmail('redirect'));
    const browser = new CookieBrowser();
    expect(await signInWithXero(suite.world, browser, org, `?returnTo=${encodeURIComponent('//evil.example/x')}`)).toBe(
      '/',
    );
  });
});
