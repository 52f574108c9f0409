import { Browser } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import { expectPageClean, newOrg, openPage, signInWithXero, SpaWorld, startSpaWorld, uniq } from './spa-world';

describe('SPA: alerts', () => {
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

  it('an admin adds an email rule and a webhook rule (secret shown once), sees them listed and removes one', async () => {
    const org = await newOrg(world, `${uniq('alerts')}@example.test`);
    const { context, page, errors } = await openPage(browser);
    try {
      await signInWithXero(page, world, org);
      // a new organisation is sent on to the set-up wizard: a click before that redirect lands is
      // overtaken by it (a loaded machine showed the wizard, not the alerts)
      await page.getByRole('heading', { level: 1, name: 'Set up Ledgerbridge' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
      await page.getByText('No rules yet.').waitFor();
      await expectPageClean(page, 'alerts (empty)');

      const form = page.getByRole('form', { name: 'New alert rule' });
      await form.getByLabel('Name').fill('Invoices failing');
      await form.getByLabel('When').selectOption('flow-failing');
      await form.getByLabel('Failures in the window').fill('3');
      await form.getByLabel('Flow (optional)').fill('invoices');
      await form.getByLabel('Email to').fill('ops@example.com, finance@example.com');
      await form.getByRole('button', { name: 'Add the rule' }).click();
      const rules = page.getByRole('table', { name: 'Alert rules' });
      await rules.getByRole('cell', { name: 'Invoices failing', exact: true }).waitFor();
      await rules.getByRole('cell', { name: 'ops@example.com, finance@example.com' }).waitFor();

      await form.getByLabel('Name').fill('Slack');
      await form.getByLabel('When').selectOption('dead-letters');
      await form.getByLabel('Dead letters').fill('10');
      await form.getByLabel('Flow (optional)').fill('');
      await form.getByLabel('Email to').fill('');
      await form.getByLabel('Webhook URL (optional)').fill(`${world.api.url}/hooks/slack`);
      await form.getByRole('button', { name: 'Add the rule' }).click();
      const secret = await page.getByTestId('alert-webhook-secret').textContent();
      expect(secret).toMatch(/^whsec_/);
      await rules.getByRole('cell', { name: 'Slack', exact: true }).waitFor();
      await expectPageClean(page, 'alerts (two rules)');

      // A refused rule says why and adds nothing.
      await form.getByLabel('Name').fill('Metadata');
      await form.getByLabel('Webhook URL (optional)').fill('http://metadata.google.internal/x');
      await form.getByRole('button', { name: 'Add the rule' }).click();
      await page.getByRole('alert').filter({ hasText: 'The rule was not added' }).waitFor();

      await page.getByRole('button', { name: 'Remove the rule Invoices failing' }).click();
      await rules.getByRole('cell', { name: 'Invoices failing', exact: true }).waitFor({ state: 'detached' });
      await page.reload();
      await rules.getByRole('cell', { name: 'Slack', exact: true }).waitFor();
      expect(await page.getByTestId('alert-webhook-secret').count()).toBe(0); // shown once only
      expect(await rules.getByRole('row').count()).toBe(2); // the header and Slack
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
