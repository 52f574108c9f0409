// A new customer's first hour (issue 16), in real Chromium: "Sign up with Xero" from the App Store
// listing in one consent, copying an invitation link (with the step-up explained first, and its
// cancellation said), and a refused invitation shown to the person. Each page axe-clean at
// 390×844 and 1280×800 (expectPageClean).
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { launchBrowser, ownerDataSource } from '#lb/testing';
import {
  expectPageClean,
  invitationToken,
  newOrg,
  openPage,
  passXero,
  signInWithXero,
  SpaWorld,
  startSpaWorld,
  uniq,
} from './spa-world';

/** Makes the session's last Xero sign-in old, so the next sensitive request asks for a fresh one. */
async function staleSignIn(page: Page, world: SpaWorld, owner: DataSource): Promise<void> {
  const { user } = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
    user: { id: string };
  };
  await owner.query(
    `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
    [user.id],
  );
}

async function invite(page: Page, world: SpaWorld, email: string): Promise<void> {
  const { csrfToken } = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
    csrfToken: string;
  };
  const res = await page.request.post(`${world.api.url}/api/tenant/invitations`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { email, role: 'viewer' },
  });
  expect(res.status()).toBe(201);
}

describe('SPA: the first hour', () => {
  let world: SpaWorld;
  let browser: Browser;
  let owner: DataSource;

  beforeAll(async () => {
    world = await startSpaWorld();
    browser = await launchBrowser();
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await owner?.destroy();
    await browser?.close();
    await world?.close();
  });

  it('signs up from the App Store listing with one consent, and set-up finds the organisation connected', async () => {
    const org = await newOrg(world, `${uniq('signup')}@example.test`, `Kauri Traders ${uniq('k')}`);
    const { context, page, errors } = await openPage(browser);
    let consents = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/identity\/interaction\/[^/]+\/consent$/.test(r.url())) consents++;
    });
    try {
      await page.goto(`${world.sandbox.url}/xero-appstore/apps/${world.app.clientId}`);
      await page.getByRole('link', { name: 'Get this app' }).click();
      await page.getByLabel('Email address').fill(org.userEmail);
      await page.getByLabel('Password').fill(org.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      // The one consent: the accounting scopes and the organisation picker, together.
      await page.getByRole('group', { name: 'Organisations to connect' }).waitFor();
      await page.getByRole('button', { name: 'Allow access' }).click();

      await page.waitForURL((u) => u.origin === world.api.url && u.pathname === '/onboarding');
      await page.getByText('Connected 1 Xero organisation.').waitFor();
      await page.getByText(`Connected: ${org.name}.`).waitFor();
      expect(await page.locator('[data-step-state]').first().getAttribute('data-step-state')).toBe('done');
      expect(await page.getByRole('link', { name: 'Connect to Xero' }).count()).toBe(0);
      expect(consents).toBe(1);
      await expectPageClean(page, 'set-up after sign-up');
      // The lead counts no steps (it said "Four steps…" above six); roles read capitalised.
      expect(await page.locator('ol.steps > li').count()).toBe(6);
      expect(await page.getByText(/four steps/i).count()).toBe(0);
      expect(await page.locator('.role-tag').innerText()).toBe('Owner');

      // The audit log names the action and the organisation, not a code and an id.
      await page.goto(`${world.api.url}/settings/audit`);
      const connected = page.getByTestId('audit-connection.xero_connected');
      await connected.getByText('Xero organisation connected', { exact: true }).waitFor();
      await connected.getByText(`Xero organisation ${org.name}`, { exact: true }).waitFor();
      expect(await page.locator('main table').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

      // Xero's logo (the wordmark), not a bare cross that reads as "close", on Disconnect.
      await page.goto(`${world.api.url}/settings/connections`);
      const disconnect = page.getByRole('button', { name: `Disconnect ${org.name} from Xero` });
      expect(await disconnect.locator('svg[data-mark="xero-logo"] text').textContent()).toBe('xero');
      expect(await disconnect.locator('svg path').count()).toBe(0);

      // At 390 px the navigation is one Menu button, not three rows of links.
      await page.setViewportSize({ width: 390, height: 844 });
      const nav = page.getByRole('navigation', { name: 'Main' });
      const menu = nav.getByRole('button', { name: 'Menu' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.getByRole('link', { name: 'Invitations' }).isVisible()).toBe(false);
      expect((await nav.boundingBox())!.height).toBeLessThan(70);
      await menu.click();
      await nav.getByRole('link', { name: 'Invitations' }).click();
      await page.waitForURL((u) => u.pathname === '/settings/invitations');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await expectPageClean(page, 'invitations (menu closed)');
      await page.setViewportSize({ width: 1280, height: 800 });
      expect(await menu.isVisible()).toBe(false);
      expect(await nav.getByRole('link', { name: 'Invitations' }).isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('signs in with identity scopes only: no organisation is asked for, and set-up then offers Connect to Xero', async () => {
    const org = await newOrg(world, `${uniq('plain')}@example.test`);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/sign-in`);
      await page.getByRole('heading', { name: 'New to Ledgerbridge?' }).waitFor();
      await expectPageClean(page, 'sign-in with sign-up');
      await page.getByRole('link', { name: 'Sign in with Xero' }).click();
      await page.getByLabel('Email address').fill(org.userEmail);
      await page.getByLabel('Password').fill(org.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('no organisation is connected').waitFor();
      expect(await page.getByRole('group', { name: 'Organisations to connect' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Allow access' }).click();
      await page.waitForURL((u) => u.origin === world.api.url && u.pathname === '/');
      await page.goto(`${world.api.url}/onboarding`);
      await page.getByRole('link', { name: 'Connect to Xero' }).waitFor();

      // Empty states say what to do next.
      for (const [path, next] of [
        ['/settings/connections', 'Use Connect to Xero on this page to choose one'],
        ['/settings/integrations', 'then pair them in the set-up'],
        ['/settings/invitations', 'Invite someone with the form above'],
      ] as const) {
        await page.goto(`${world.api.url}${path}`);
        await page.locator('main .empty').filter({ hasText: next }).waitFor();
      }

      // Deleting the organisation leaves the member screens: no navigation, no "Save name".
      const { tenant } = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
        tenant: { name: string };
      };
      await page.goto(`${world.api.url}/settings/organisation`);
      const form = page.getByRole('form', { name: 'Delete the organisation' });
      await form.getByLabel(`Type ${tenant.name} to confirm`).fill(tenant.name);
      await form.getByRole('button', { name: 'Delete organisation' }).click();
      await page.waitForURL((u) => u.pathname === '/organisation-deleted');
      await page.getByText(`${tenant.name} is closed`).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save name' }).count()).toBe(0);
      await expectPageClean(page, 'organisation deleted');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('copies an invitation link after saying why Xero is asked, and says when that is cancelled', async () => {
    const boss = await newOrg(world, `${uniq('boss')}@example.test`);
    const invitee = `${uniq('invitee')}@example.test`;
    const { context, page, errors } = await openPage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.api.url });
    try {
      await signInWithXero(page, world, boss);
      await invite(page, world, invitee);
      await page.goto(`${world.api.url}/settings/invitations`);
      const copy = page.getByRole('button', { name: `Copy the invitation link for ${invitee}` });
      await page.getByTestId(`invitation-${invitee}`).getByText('Viewer', { exact: true }).waitFor();
      await staleSignIn(page, world, owner);

      // Asked first, with the reason; Cancel says nothing was changed, and stays here.
      await copy.click();
      const why = page.getByRole('dialog', { name: 'Confirm it is you with Xero' });
      await why.getByText('To show the invitation link').waitFor();
      await expectPageClean(page, 'step-up explained');
      await why.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('status').filter({ hasText: 'Nothing was changed' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/settings/invitations');

      // Continue: Xero, back here, and the link is copied (and shown, for a closed clipboard).
      await copy.click();
      await why.getByRole('button', { name: 'Continue to Xero' }).click();
      expect((await passXero(page, world, boss)).pathname).toBe('/settings/invitations');
      await page.getByText(`The link for ${invitee} is copied.`).waitFor();
      const token = await invitationToken(owner, invitee);
      const link = `${world.api.url}/invitations/accept#token=${token}`;
      expect(await page.getByRole('textbox', { name: `Invitation link for ${invitee}` }).inputValue()).toBe(link);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await expectPageClean(page, 'invitation link copied');

      // Abandoned at Xero (Cancel on its consent page): the person is told the change was not made.
      await staleSignIn(page, world, owner);
      await copy.click();
      await why.getByRole('button', { name: 'Continue to Xero' }).click();
      await page.getByLabel('Email address').fill(boss.userEmail);
      await page.getByLabel('Password').fill(boss.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { name: 'The change was cancelled' }).waitFor();
      await page.getByText('To show the invitation link').waitFor();
      await expectPageClean(page, 'step-up abandoned');
      await page.getByRole('link', { name: 'Go back and try again' }).click();
      await page.waitForURL((u) => u.pathname === '/settings/invitations');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells an invitee who is already a member that the second link was not accepted', async () => {
    const boss = await newOrg(world, `${uniq('boss')}@example.test`);
    const member = await newOrg(world, `${uniq('member')}@example.test`);
    const a = await openPage(browser);
    const b = await openPage(browser);
    try {
      await signInWithXero(a.page, world, boss);
      await invite(a.page, world, member.userEmail);
      const first = await invitationToken(owner, member.userEmail);
      await invite(a.page, world, member.userEmail);
      const second = await invitationToken(owner, member.userEmail);

      await signInWithXero(b.page, world, member);
      await b.page.goto(`${world.api.url}/invitations/accept#token=${first}`);
      await b.page.waitForURL((u) => u.pathname === '/');
      await b.page.goto(`${world.api.url}/invitations/accept#token=${second}`);
      const refused = b.page.getByRole('alert').filter({ hasText: 'The invitation was not accepted' });
      await refused.getByText('You are already a member of this organisation.').waitFor();
      await expectPageClean(b.page, 'invitation refused: already a member');
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
});
