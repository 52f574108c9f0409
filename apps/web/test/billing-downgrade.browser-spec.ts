// Billing's harder screens in real Chromium (issue 15). A tenant runs two pairs (two Xero
// organisations, connected as a customer would: sign-up, then Connect to Xero for the second) on
// Growth, downgrades to Starter in the Stripe sandbox's customer portal, and the owner chooses the
// pair that stays active; the other is paused, not deleted. An admin sees it read-only and the api
// refuses their choice. Then Stripe goes out of reach (a proxy we cut between the api and the
// sandbox's Stripe): the portal and Checkout say so on the page and nothing changes. No worker runs
// here: the stripe-event job is driven by the test (BillingSync, as in billing.browser-spec.ts).
import { Browser, Page } from 'playwright-core';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { BillingSync, createStripeClient } from '#lb/billing';
import { launchBrowser, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { control, StripeSandbox, TestAccount } from '../../sandbox/src/stripe/testing/stripe-harness';
import { SwitchableProxy } from '../../worker/test/faults/switchable-proxy';
import {
  expectPageClean,
  invitationToken,
  newOrg,
  openPage,
  passXero,
  SpaWorld,
  startSpaWorld,
  uniq,
} from './spa-world';
import { billingSyncFor, stripeAccountWithWebhook, stripeEvents } from './stripe-world';
import { signUpWithTwoPairs } from './two-pairs';

jest.setTimeout(300_000);

const WEBHOOK_SECRET = 'whsec_billing_downgrade_browser';

describe('SPA: billing after a downgrade, for a non-owner, and with Stripe out of reach', () => {
  let world: SpaWorld;
  let browser: Browser;
  let owner: DataSource;
  let runtime: DataSource;
  let account: TestAccount;
  /** The api's only way to Stripe: cut it and Stripe is out of reach for the api. */
  let stripeLine: SwitchableProxy;
  /** The test's own client, straight to the sandbox (what Stripe holds, whatever the line does). */
  let stripe: Stripe;
  let sync: BillingSync;
  let ownerPage: Page;
  let ownerErrors: string[];
  let closeOwner: () => Promise<void>;
  let tenantId: string;
  /** Auckland (the first, older pair), then Sydney. */
  let pairs: string[] = [];

  const csrfOf = async (page: Page) =>
    ((await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken;
  const pausedForBilling = async () =>
    (
      await owner.query<Array<{ id: string; billing: boolean }>>(
        `SELECT id, 'billing' = ANY(pause_reasons) AS billing FROM integrations WHERE tenant_id = $1 ORDER BY created_at, id`,
        [tenantId],
      )
    ).map((r) => [r.id, r.billing]);
  const { stored, deliverAndProcess } = stripeEvents(
    () => owner,
    () => sync,
    () => tenantId,
  );
  beforeAll(async () => {
    world = await startSpaWorld({
      env: async (sandbox, publicUrl) => {
        account = await stripeAccountWithWebhook(sandbox.url, publicUrl, WEBHOOK_SECRET);
        // The sandbox plays Xero, X3 and Stripe on one port: only the api's Stripe calls take the line.
        stripeLine = await SwitchableProxy.start(sandbox.url);
        return {
          STRIPE_SECRET_KEY: account.secretKey,
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_API_URL: stripeLine.url,
          STRIPE_CALL_TIMEOUT_MS: '5000',
        };
      },
    });
    browser = await launchBrowser();
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    stripe = createStripeClient({
      STRIPE_SECRET_KEY: account.secretKey,
      STRIPE_API_URL: world.sandbox.url,
      STRIPE_CALL_TIMEOUT_MS: 10_000,
    })!;
    sync = billingSyncFor(runtime, stripe);
    const opened = await openPage(browser);
    ownerPage = opened.page;
    ownerErrors = opened.errors;
    closeOwner = () => opened.context.close();
    const page = ownerPage;

    ({ tenantId, pairs } = await signUpWithTwoPairs(world, page));
    const headers = { 'x-csrf-token': await csrfOf(page) };

    // The sign-up trial is over, so the subscription starts active (a Stripe trial keeps Growth's
    // entitlements whatever the plan); Growth is paid at Checkout (the hosted page is walked in
    // billing.browser-spec.ts; here the sandbox completes it).
    await owner.query(`UPDATE tenants SET created_at = now() - interval '30 days' WHERE id = $1`, [tenantId]);
    const checkout = await page.request.post(`${world.api.url}/api/billing/checkout`, {
      headers,
      data: { plan: 'growth', interval: 'month' },
    });
    expect(checkout.status()).toBe(200);
    const session = /\/stripe\/checkout\/(cs_test_[A-Za-z0-9_]+)/.exec(
      ((await checkout.json()) as { url: string }).url,
    )![1];
    const createdBefore = await stored('customer.subscription.created');
    const paid = await control(
      { url: world.sandbox.url } as StripeSandbox,
      account,
      'POST',
      `/checkout-sessions/${session}/complete`,
      {
        cardNumber: '4242424242424242',
      },
    );
    expect(paid.status).toBe(200);
    await deliverAndProcess('customer.subscription.created', createdBefore);
    expect(await pausedForBilling()).toEqual([
      [pairs[0], false],
      [pairs[1], false],
    ]);
  });
  afterAll(async () => {
    await closeOwner?.();
    await runtime?.destroy();
    await owner?.destroy();
    await browser?.close();
    await world?.close();
    await stripeLine?.close();
  });

  it('downgrades to Starter in the portal; the owner chooses the pair that stays active, the other is paused', async () => {
    const page = ownerPage;
    await page.goto(`${world.api.url}/billing`);
    await page.getByTestId('billing-subscribed-plan').getByText('Growth, monthly').waitFor();
    expect(await page.getByRole('region', { name: 'Active integration pairs' }).count()).toBe(0);

    // The portal: Growth to Starter (one pair), back to Billing.
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL((u) => u.origin === world.sandbox.url && u.pathname.startsWith('/stripe/portal/'));
    let starterMonthly: string | undefined;
    for (const o of await page.getByLabel('New plan').locator('option').all())
      if (/starter.*\b49\.00/i.test(await o.innerText())) starterMonthly = (await o.getAttribute('value'))!;
    expect(starterMonthly).toBeDefined();
    await page.getByLabel('New plan').selectOption(starterMonthly!);
    const updatedBefore = await stored('customer.subscription.updated');
    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('status').getByText('Your plan has been changed.').waitFor();
    await page.getByRole('link', { name: 'Return' }).click();
    await page.waitForURL((u) => u.origin === world.api.url && u.pathname === '/billing');
    await deliverAndProcess('customer.subscription.updated', updatedBefore);
    await page.getByTestId('billing-subscribed-plan').getByText('Starter, monthly').waitFor();

    // Two pairs on a one-pair plan: the oldest keeps syncing until the owner chooses.
    const section = page.getByRole('region', { name: 'Active integration pairs' });
    await section.getByText('The Starter plan includes 1 integration pair; you have 2.', { exact: false }).waitFor();
    expect(await page.getByTestId('billing-usage').locator('[data-figure="pairs"]').innerText()).toBe('2 of 1');
    const form = page.getByRole('form', { name: 'Choose the active integration pairs' });
    const auckland = form.getByLabel('Auckland');
    const sydney = form.getByLabel('Sydney');
    expect([await auckland.isChecked(), await sydney.isChecked()]).toEqual([true, false]);
    // each pair says where it stands now, whatever is ticked
    expect(await form.locator('label', { hasText: 'Sydney' }).innerText()).toContain('paused for billing');
    expect(await form.locator('label', { hasText: 'Auckland' }).innerText()).toContain('syncing');
    expect(await pausedForBilling()).toEqual([
      [pairs[0], false],
      [pairs[1], true],
    ]);
    await expectPageClean(page, 'billing: choose the active pairs');

    // Both picked: refused on the page, nothing sent.
    await sydney.check();
    await form.getByRole('button', { name: 'Save active pairs' }).click();
    await form.getByText('Pick at most 1').waitFor();
    await expectPageClean(page, 'billing: too many pairs picked');
    expect(await pausedForBilling()).toEqual([
      [pairs[0], false],
      [pairs[1], true],
    ]);

    // Sydney instead of Auckland: saved; Auckland is paused, not deleted.
    await auckland.uncheck();
    await form.getByRole('button', { name: 'Save active pairs' }).click();
    await form.getByText('Saved: the pairs not picked are paused for billing.').waitFor();
    expect(await form.getByText('Pick at most 1').count()).toBe(0);
    expect(await pausedForBilling()).toEqual([
      [pairs[0], true],
      [pairs[1], false],
    ]);
    await page.reload();
    await form.waitFor();
    expect([await form.getByLabel('Auckland').isChecked(), await form.getByLabel('Sydney').isChecked()]).toEqual([
      false,
      true,
    ]);
    expect(await form.locator('label', { hasText: 'Auckland' }).innerText()).toContain('paused for billing');

    // The api refuses more than the plan keeps, whatever the page does.
    const tooMany = await page.request.put(`${world.api.url}/api/billing/active-integrations`, {
      headers: { 'x-csrf-token': await csrfOf(page) },
      data: { integrationIds: pairs },
    });
    expect(tooMany.status()).toBe(409);
    expect(((await tooMany.json()) as { message: string }).message).toBe('The Starter plan keeps 1 pair active');

    // Integrations lists both, Auckland paused and why.
    await page.goto(`${world.api.url}/settings/integrations`);
    const row = (id: string) => page.getByTestId(`integration-${id}`);
    await row(pairs[0]).getByText('Auckland').waitFor();
    expect(await row(pairs[0]).locator('.badge').innerText()).toBe('paused for billing');
    expect(await row(pairs[1]).locator('.badge').innerText()).toBe('active');
    await expectPageClean(page, 'integrations: one paused for billing');
    expect(ownerErrors).toEqual([]);
  });

  it('shows an admin the pairs and their pauses read-only; the api refuses their choice with a clear message', async () => {
    const admin = await newOrg(world, `${uniq('admin')}@example.test`);
    const invited = await ownerPage.request.post(`${world.api.url}/api/tenant/invitations`, {
      headers: { 'x-csrf-token': await csrfOf(ownerPage) },
      data: { email: admin.userEmail, role: 'admin' },
    });
    expect(invited.status()).toBe(201);
    const token = await invitationToken(owner, admin.userEmail);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/invitations/accept#token=${token}`);
      await page.waitForURL((u) => u.pathname.includes('/identity/'));
      await passXero(page, world, admin);
      await page.goto(`${world.api.url}/billing`);
      await page.getByTestId('read-only-note').getByText('Only owners change billing').waitFor();
      const section = page.getByRole('region', { name: 'Active integration pairs' });
      await section.getByText('Auckland').waitFor();
      expect(await section.locator('li', { hasText: 'Auckland' }).innerText()).toContain('paused for billing');
      expect(await section.locator('li', { hasText: 'Sydney' }).innerText()).toContain('syncing');
      expect(await page.getByRole('form', { name: 'Choose the active integration pairs' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0);
      await expectPageClean(page, 'billing: admin after a downgrade');
      const csrf = { 'x-csrf-token': await csrfOf(page) };
      for (const [path, data] of [
        ['/api/billing/active-integrations', { integrationIds: [pairs[0]] }],
        ['/api/billing/portal', undefined],
        ['/api/billing/checkout', { plan: 'scale', interval: 'month' }],
      ] as const) {
        const refused = await page.request.fetch(`${world.api.url}${path}`, {
          method: path.endsWith('active-integrations') ? 'PUT' : 'POST',
          headers: csrf,
          data,
        });
        expect({ path, status: refused.status(), body: await refused.json() }).toEqual({
          path,
          status: 403,
          body: expect.objectContaining({ message: 'Requires role owner' }),
        });
      }
      expect(await pausedForBilling()).toEqual([
        [pairs[0], true],
        [pairs[1], false],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says so when Stripe cannot be reached, and changes nothing', async () => {
    const page = ownerPage;
    const accountRow = () =>
      owner.query<Array<{ stripe_customer_id: string }>>('SELECT * FROM billing_accounts WHERE tenant_id = $1', [
        tenantId,
      ]);
    const before = await accountRow();
    const [subscription] = (await stripe.subscriptions.list({ customer: before[0].stripe_customer_id })).data;
    await page.goto(`${world.api.url}/billing`);
    await page.getByTestId('billing-subscribed-plan').getByText('Starter, monthly').waitFor();

    // Cut while the page is open: Manage billing answers on the page, and we stay on Billing.
    stripeLine.switchOff();
    try {
      const refusedBefore = stripeLine.refused;
      await page.getByRole('button', { name: 'Manage billing' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'The billing portal could not be opened' });
      await alert.getByText('Stripe could not be reached to open the billing portal; try again shortly').waitFor();
      expect(stripeLine.refused).toBeGreaterThan(refusedBefore);
      expect(new URL(page.url()).pathname).toBe('/billing');
      await page.getByTestId('billing-subscribed-plan').getByText('Starter, monthly').waitFor();
      await expectPageClean(page, 'billing: portal with Stripe out of reach');

      // Opened while Stripe is out of reach: our standing still shows, the prices say why they are missing.
      await page.reload();
      const notice = page.getByRole('status').filter({ hasText: 'Prices cannot be shown just now' });
      await notice.getByText('Stripe, which takes our payments, is not answering.', { exact: false }).waitFor();
      await page.locator('[data-plan="growth"]').getByText('Price unavailable').waitFor();
      await page.getByTestId('billing-subscribed-plan').getByText('Starter, monthly').waitFor();
      await page.getByRole('region', { name: 'Active integration pairs' }).waitFor();
      await expectPageClean(page, 'billing: opened with Stripe out of reach');
    } finally {
      stripeLine.switchOn();
    }
    // Nothing changed here or at Stripe.
    expect(await accountRow()).toEqual(before);
    const [after] = (await stripe.subscriptions.list({ customer: subscription.customer as string })).data;
    expect([after.id, after.status, after.items.data[0].price.lookup_key]).toEqual([
      subscription.id,
      subscription.status,
      'starter_monthly',
    ]);
    expect(await pausedForBilling()).toEqual([
      [pairs[0], true],
      [pairs[1], false],
    ]);
    expect(ownerErrors).toEqual([]);
  });

  it('says so when Checkout cannot be opened because Stripe is out of reach; nothing is stored, and a retry works', async () => {
    const org = await newOrg(world, `${uniq('cut-checkout')}@example.test`, `Rimu Traders ${uniq('t')}`);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/sign-in`);
      await page.getByRole('link', { name: 'Sign up with Xero' }).click();
      expect((await passXero(page, world, org)).pathname).toBe('/onboarding');
      const trialTenant = ((await (await page.request.get(`${world.api.url}/api/tenant`)).json()) as { id: string }).id;
      await page.goto(`${world.api.url}/billing`);
      const choose = page.getByRole('button', { name: 'Choose Starter, monthly' });
      await page.locator('[data-plan="starter"] .plan-price').getByText('49.00 USD / month').waitFor();

      stripeLine.switchOff();
      try {
        await choose.click();
        const alert = page.getByRole('alert').filter({ hasText: 'Checkout could not be opened' });
        await alert.getByText('Stripe could not be reached', { exact: false }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/billing');
        await expectPageClean(page, 'billing: checkout with Stripe out of reach');
        // Opened while Stripe is out of reach: no prices, no choosing, and the page says why.
        await page.reload();
        await page
          .getByRole('status')
          .filter({ hasText: 'Prices cannot be shown just now' })
          .getByText('so a plan cannot be chosen until it does', { exact: false })
          .waitFor();
        expect(await choose.isDisabled()).toBe(true);
        await expectPageClean(page, 'billing: trial with Stripe out of reach');
      } finally {
        stripeLine.switchOn();
      }
      // Nothing stored: no billing account, no customer, no checkout in the audit trail.
      expect(await owner.query('SELECT id FROM billing_accounts WHERE tenant_id = $1', [trialTenant])).toEqual([]);
      expect(
        await owner.query(`SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'billing.%'`, [
          trialTenant,
        ]),
      ).toEqual([]);
      // Stripe back: the prices return and the same button goes to Checkout.
      await page.reload();
      await page.locator('[data-plan="starter"] .plan-price').getByText('49.00 USD / month').waitFor();
      await choose.click();
      await page.waitForURL((u) => u.origin === world.sandbox.url && u.pathname.startsWith('/stripe/checkout/'));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
