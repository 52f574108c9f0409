import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { launchBrowser, ownerDataSource } from '#lb/testing';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
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
import { connectEverything } from './journeys';

/** Anything in the page body that would change the tenant, if it were there and enabled. */
const CHANGE =
  /disconnect|remove|save|add |pair|send|withdraw|test connection|update|connect|start the sandbox|invite|change role|rename/i;

const FIELDS_THAT_CHANGE = ['input', 'select', 'textarea'].map((t) => `${t}:not([data-view-control])`).join(', ');

async function changeControls(page: Page): Promise<string[]> {
  const main = page.locator('main');
  const found: string[] = [];
  for (const button of await main.getByRole('button').all()) {
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
    if (CHANGE.test(name) && (await button.isEnabled())) found.push(`button "${name}"`);
  }
  for (const link of await main.getByRole('link').all()) {
    const href = (await link.getAttribute('href')) ?? '';
    if (href.startsWith('/api/')) found.push(`link "${await link.innerText()}" → ${href}`);
  }
  // fields that only choose what is shown (an integration, a period) say so with data-view-control
  for (const field of await main.locator(FIELDS_THAT_CHANGE).all()) {
    if (await field.isEnabled())
      found.push(`field ${(await field.getAttribute('id')) ?? (await field.getAttribute('name'))}`);
  }
  return found;
}

describe('SPA: roles and invitations', () => {
  let world: SpaWorld;
  let browser: Browser;
  let folder: TestFolder;
  let owner: DataSource;

  beforeAll(async () => {
    world = await startSpaWorld();
    browser = await launchBrowser();
    folder = await provisionFolder(world.sandbox.url);
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await owner?.destroy();
    await browser?.close();
    await world?.close();
  });

  it('an invited viewer joins through the accept link and sees everything read-only, with no way to change anything', async () => {
    const ownerOrg = await newOrg(world, `${uniq('owner')}@example.test`, `Owner Co ${uniq('o')}`);
    const viewerOrg = await newOrg(world, `${uniq('viewer')}@example.test`, `Viewer Home ${uniq('v')}`);
    const a = await openPage(browser);
    const b = await openPage(browser);
    try {
      await signInWithXero(a.page, world, ownerOrg);
      await connectEverything(a.page, world, ownerOrg, folder);

      // The owner invites a viewer from the invitations page.
      await a.page.goto(`${world.api.url}/settings/invitations`);
      const form = a.page.getByRole('form', { name: 'Invite someone' });
      await form.getByLabel('Email address').fill(viewerOrg.userEmail);
      await form.getByLabel('Role').selectOption('viewer');
      await form.getByRole('button', { name: 'Send invitation' }).click();
      await a.page.getByText(`Invitation sent to ${viewerOrg.userEmail.toLowerCase()}.`).waitFor();
      await a.page
        .getByTestId(`invitation-${viewerOrg.userEmail.toLowerCase()}`)
        .locator('[data-status="pending"]')
        .waitFor();

      // The owner can copy the link to pass it on (shown too, for when the clipboard is closed).
      const invitee = viewerOrg.userEmail.toLowerCase();
      await a.page.getByRole('button', { name: `Copy the invitation link for ${invitee}` }).click();
      const shown = a.page.getByRole('textbox', { name: `Invitation link for ${invitee}` });
      await shown.waitFor();

      // The invitee opens the emailed link, signs in with Xero, and lands in the owner's organisation.
      const token = await invitationToken(owner, viewerOrg.userEmail);
      expect(await shown.inputValue()).toBe(`${world.api.url}/invitations/accept#token=${token}`);
      await b.page.goto(`${world.api.url}/invitations/accept#token=${token}`);
      await b.page.waitForURL((u) => u.pathname.includes('/identity/'));
      const landed = await passXero(b.page, world, viewerOrg);
      expect(landed.pathname).toBe('/');
      await b.page.locator('.role-tag', { hasText: 'viewer' }).waitFor();
      expect(new URL(b.page.url()).hash).toBe('');

      // No invitations or audit log in a viewer's navigation; the pages explain why.
      const nav = b.page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Invitations' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

      for (const [path, ready] of [
        ['/', `Sage X3: Head office X3`],
        ['/onboarding', 'All connected'],
        ['/settings/connections', ownerOrg.name],
        ['/settings/integrations', ownerOrg.name],
        ['/settings/members', viewerOrg.userEmail.toLowerCase()],
        ['/settings/organisation', 'Your organisations'],
        ['/settings/invitations', 'Only owners and admins can see and send invitations.'],
        ['/settings/audit', 'Only owners and admins can read the audit log.'],
      ] as const) {
        await b.page.goto(`${world.api.url}${path}`);
        await b.page.locator('main').getByText(ready).first().waitFor();
        if (path !== '/') await b.page.getByTestId('read-only-note').first().waitFor();
        expect({ path, controls: await changeControls(b.page) }).toEqual({ path, controls: [] });
        await expectPageClean(b.page, `viewer ${path}`);
      }

      // And the api refuses a change made around the SPA.
      const { csrfToken } = (await (await b.page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
        csrfToken: string;
      };
      const refused = await b.page.request.patch(`${world.api.url}/api/tenant`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { name: 'Viewer was here' },
      });
      expect(refused.status()).toBe(403);

      // The owner sees the viewer joined, and can change their role.
      await a.page.goto(`${world.api.url}/settings/members`);
      const row = a.page.getByTestId(`member-${viewerOrg.userEmail.toLowerCase()}`);
      await row.getByLabel(/Role for/).selectOption('admin');
      await a.page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
      await a.page.getByText(/role is now Admin\./).waitFor();
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  it('explains an invitation link that does not work', async () => {
    const { context, page } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/invitations/accept#token=${'x'.repeat(43)}`);
      // Not signed in: the api keeps the token for after sign-in and sends the browser to Xero.
      await page.waitForURL((u) => u.pathname.includes('/identity/'));
      await page.goto(`${world.api.url}/invitations/accept`);
      await page.getByRole('alert').filter({ hasText: 'This link is incomplete' }).waitFor();
      await expectPageClean(page, 'invitation without token');
    } finally {
      await context.close();
    }
  });
});
