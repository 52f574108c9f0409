import { Browser } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import { newOrg, openPage, signInWithXero, SpaWorld, startSpaWorld, uniq } from './spa-world';

/** What a phishing link would put in the address for our page to say. */
const BAIT = 'Call 0800 555 0199 now to restore your account';
const baitParam = encodeURIComponent(BAIT);

describe('SPA: error text in the address is never shown (issue 9)', () => {
  let world: SpaWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await startSpaWorld();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('the sign-in page shows its own words for an unknown ?error=, and the message for a known code', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/sign-in?error=${baitParam}`);
      const alert = page.getByRole('alert').filter({ hasText: 'Sign-in did not complete' });
      await alert.getByText('Signing in did not complete.').waitFor();
      expect(await page.locator('body').innerText()).not.toContain('0800');

      await page.goto(`${world.api.url}/sign-in?error=access_denied`);
      await page.getByText('Access was not allowed at Xero, so you are not signed in.').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the connections page shows its own words for unknown ?error= and ?refused= text', async () => {
    const org = await newOrg(world, `${uniq('bait')}@example.test`);
    const { context, page, errors } = await openPage(browser);
    try {
      await signInWithXero(page, world, org);
      await page.goto(`${world.api.url}/settings/connections?error=${baitParam}&refused=${baitParam}`);
      await page.getByText('Connecting to Xero did not complete; try again.').waitFor();
      await page
        .getByText(/A Xero organisation you chose is already connected to another Ledgerbridge account/)
        .waitFor();
      expect(await page.locator('body').innerText()).not.toContain('0800');
      // The address is tidied, so a reload shows nothing from the link either.
      await page.waitForURL((url) => !url.searchParams.has('error') && !url.searchParams.has('refused'));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('the invitation page shows its own words for a refused invitation, never text from the address', async () => {
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/invitations/accept?error=${baitParam}`);
      await page.getByRole('alert').getByText('The invitation could not be accepted.').waitFor();
      expect(await page.locator('body').innerText()).not.toContain('0800');

      await page.goto(`${world.api.url}/invitations/accept?error=invitation_other_email`);
      await page.getByText(/This invitation is for a different email address/).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
