// "Sign up with Xero" (reference/xero-api.md 1.5, certification checkpoint 8): one consent from the
// App Store listing to a connected organisation; a plain sign-in asks for no organisation.
import { CookieBrowser } from '#lb/testing';
import { findFreePort } from '../../../scripts/devstack/ports';
import { http } from '../../sandbox/src/xero/testing/sandbox-harness';
import {
  change,
  invitationToken,
  newOrg,
  read,
  sessionOf,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
  xeroWorldForSuite,
} from './xero-world';

/** The sandbox consent page a login leads to (stops there, before allowing). */
async function consentPageOf(
  world: XeroWorld,
  browser: CookieBrowser,
  query: string,
  org: { userEmail: string; password: string },
) {
  const login = await browser.go(`${world.api.url}/api/auth/xero/login${query}`);
  const action = /action="([^"]*\/login)"/.exec(login.text)?.[1];
  if (!action) throw new Error(`no login form: ${login.text.slice(0, 200)}`);
  return browser.go(new URL(action, login.url).toString(), {
    method: 'POST',
    form: { email: org.userEmail, password: org.password },
  });
}

describe('Sign up with Xero', () => {
  const suite = xeroWorldForSuite();

  it('connects the organisation picked at the sign-in consent and lands on set-up', async () => {
    const org = await newOrg(suite.world, uniqueEmail('signup'));
    const browser = new CookieBrowser();
    const consent = await consentPageOf(suite.world, new CookieBrowser(), '?signup=1', org);
    expect(consent.text).toContain('Organisations to connect');
    expect(consent.text).toContain('accounting.invoices');

    const landed = await signInWithXero(suite.world, browser, org, '?signup=1');
    expect(landed).toBe('/onboarding?connected=1');
    const session = await sessionOf(suite.world, browser);
    expect(session).toMatchObject({ signedIn: true, role: 'owner' });
    const listed = await read(suite.world, browser, '/api/connections');
    expect(listed.body.xero).toEqual([expect.objectContaining({ xeroTenantId: org.tenantId, status: 'active' })]);
    const audit = await read(suite.world, browser, '/api/tenant/audit?action=connection.');
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['connection.xero_connected']);
    const [grant] = await suite.owner.query(
      `SELECT g.scopes FROM xero_grants g JOIN xero_connections c ON c.grant_id = g.id WHERE c.xero_tenant_id = $1`,
      [org.tenantId],
    );
    expect(grant.scopes).toMatch(/accounting\.invoices/);
  });

  it('asks for no organisation on a plain sign-in, and connects none', async () => {
    const org = await newOrg(suite.world, uniqueEmail('identity'));
    const consent = await consentPageOf(suite.world, new CookieBrowser(), '', org);
    expect(consent.text).not.toContain('name="tenantIds"');
    expect(consent.text).toContain('no organisation is connected');
    expect(consent.text).not.toContain('accounting.');

    // Even a consent form posted with an organisation (hand-made) connects nothing.
    const browser = new CookieBrowser();
    expect(await signInWithXero(suite.world, browser, org)).toBe('/');
    expect((await read(suite.world, browser, '/api/connections')).body.xero).toEqual([]);
  });

  it('treats anything but signup=1 as a plain sign-in, and never leaves the site', async () => {
    const org = await newOrg(suite.world, uniqueEmail('hostile'));
    for (const query of ['?signup=true', '?signup=1&signup=1', '?signup[]=1', `?signup=${'1'.repeat(5000)}`]) {
      const consent = await consentPageOf(suite.world, new CookieBrowser(), query, org);
      expect({ query, picker: consent.text.includes('name="tenantIds"') }).toEqual({ query, picker: false });
    }
    // reauth wins over signup: a re-authentication never asks for organisations.
    const reauth = await consentPageOf(suite.world, new CookieBrowser(), '?signup=1&reauth=1', org);
    expect(reauth.text).not.toContain('name="tenantIds"');
    const browser = new CookieBrowser();
    const off = `?signup=1&returnTo=${encodeURIComponent('//evil.example/x')}`;
    expect(await signInWithXero(suite.world, browser, org, off)).toBe('/onboarding?connected=1');
  });

  it('refuses an organisation another tenant has connected, and still signs the person in', async () => {
    const org = await newOrg(suite.world, uniqueEmail('taken'));
    const first = new CookieBrowser();
    expect(await signInWithXero(suite.world, first, org, '?signup=1')).toBe('/onboarding?connected=1');
    // Invited as an admin to a second tenant, the same person signs up again from the listing:
    // they join that tenant, but their organisation stays with the tenant that has it.
    const bossOrg = await newOrg(suite.world, uniqueEmail('boss2'));
    const boss = new CookieBrowser();
    await signInWithXero(suite.world, boss, bossOrg);
    await change(suite.world, boss, 'POST', '/api/tenant/invitations', { email: org.userEmail, role: 'admin' });
    const again = new CookieBrowser();
    await change(suite.world, again, 'POST', '/api/invitations/accept', {
      token: await invitationToken(suite.owner, org.userEmail),
    });
    expect(await signInWithXero(suite.world, again, org, '?signup=1')).toBe('/onboarding?connected=0&refused=1');
    const bossTenant = (await sessionOf(suite.world, boss)).tenant!.id;
    expect((await sessionOf(suite.world, again)).tenant!.id).toBe(bossTenant);
    expect((await read(suite.world, boss, '/api/connections')).body.xero).toEqual([]);
    expect((await read(suite.world, first, '/api/connections')).body.xero).toHaveLength(1);
  });

  it('connects nothing for an invited viewer, and revokes the grant their consent made', async () => {
    const bossOrg = await newOrg(suite.world, uniqueEmail('boss'));
    const viewerOrg = await newOrg(suite.world, uniqueEmail('viewer'));
    const boss = new CookieBrowser();
    await signInWithXero(suite.world, boss, bossOrg);
    await change(suite.world, boss, 'POST', '/api/tenant/invitations', { email: viewerOrg.userEmail, role: 'viewer' });
    const token = await invitationToken(suite.owner, viewerOrg.userEmail);
    const viewer = new CookieBrowser();
    expect((await change(suite.world, viewer, 'POST', '/api/invitations/accept', { token })).body).toMatchObject({
      joined: false,
    });
    expect(await signInWithXero(suite.world, viewer, viewerOrg, '?signup=1')).toBe('/onboarding');
    const s = await sessionOf(suite.world, viewer);
    expect(s).toMatchObject({ role: 'viewer', tenant: { id: (await sessionOf(suite.world, boss)).tenant!.id } });
    expect((await read(suite.world, boss, '/api/connections')).body.xero).toEqual([]);
    const [{ n }] = await suite.owner.query(
      `SELECT count(*)::int AS n FROM xero_connections WHERE xero_tenant_id = $1`,
      [viewerOrg.tenantId],
    );
    expect(n).toBe(0);
    // At Xero, the consent's connection went with the revoked grant.
    const apps = await http(
      `${suite.world.sandbox.url}/xero-control/organisations/${viewerOrg.tenantId}/connected-apps`,
      {
        headers: { authorization: `Bearer ${viewerOrg.controlToken}` },
      },
    );
    expect(apps.body).toEqual([]);
  });
});

describe('Sign up with Xero when the Xero API is down', () => {
  let world: XeroWorld;
  beforeAll(async () => {
    // Identity answers (sign-in works); GET /connections has nowhere to go.
    world = await startXeroWorld({ XERO_API_URL: `http://127.0.0.1:${await findFreePort()}` });
  });
  afterAll(() => world?.close());

  it('signs the person in and says the organisation was not connected', async () => {
    const org = await newOrg(world, uniqueEmail('down'));
    const browser = new CookieBrowser();
    expect(await signInWithXero(world, browser, org, '?signup=1')).toBe('/onboarding?error=connect_failed');
    expect(await sessionOf(world, browser)).toMatchObject({ signedIn: true, role: 'owner' });
    expect((await read(world, browser, '/api/connections')).body.xero).toEqual([]);
  });
});
