// Billing in real Chromium (issue 15): sign up, open Billing, choose a plan, pay on the Stripe
// sandbox's hosted Checkout page, come back to "confirming your payment" and then the plan and the
// usage; open the customer portal, change plan, come back to the new plan; a viewer sees the page
// read-only. The api is pointed at the sandbox's Stripe (its own account, our webhook registered
// there); the worker's stripe-event job is driven here, as in billing-stripe.e2e-spec.ts (no
// worker in this world), which also holds the page in its "confirming" state until we let go.
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { BillingSync, createStripeClient } from '#lb/billing';
import { launchBrowser, ownerDataSource, runtimeDataSource } from '#lb/testing';
import { TestAccount } from '../../sandbox/src/stripe/testing/stripe-harness';
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

jest.setTimeout(300_000);

const WEBHOOK_SECRET = 'whsec_billing_browser_spec';

describe('SPA: billing', () => {
  let world: SpaWorld;
  let browser: Browser;
  let owner: DataSource;
  let runtime: DataSource;
  let account: TestAccount;
  let sync: BillingSync;
  /** The owner's page, kept between the tests: the viewer joins the organisation it paid for. */
  let ownerPage: Page;
  let ownerErrors: string[];
  let closeOwner: () => Promise<void>;
  let tenantId: string;

  const { stored, deliverAndProcess } = stripeEvents(
    () => owner,
    () => sync,
    () => tenantId,
  );

  beforeAll(async () => {
    world = await startSpaWorld({
      env: async (sandbox, publicUrl) => {
        account = await stripeAccountWithWebhook(sandbox.url, publicUrl, WEBHOOK_SECRET);
        return {
          STRIPE_SECRET_KEY: account.secretKey,
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_API_URL: sandbox.url,
        };
      },
    });
    browser = await launchBrowser();
    owner = await ownerDataSource();
    runtime = await runtimeDataSource();
    sync = billingSyncFor(
      runtime,
      createStripeClient({
        STRIPE_SECRET_KEY: account.secretKey,
        STRIPE_API_URL: world.sandbox.url,
        STRIPE_CALL_TIMEOUT_MS: 10_000,
      }),
    );
    const opened = await openPage(browser);
    ownerPage = opened.page;
    ownerErrors = opened.errors;
    closeOwner = () => opened.context.close();
  });
  afterAll(async () => {
    await closeOwner?.();
    await runtime?.destroy();
    await owner?.destroy();
    await browser?.close();
    await world?.close();
  });

  it('signs up, pays for a plan on the hosted checkout, sees it confirmed, then changes plan in the portal', async () => {
    const page = ownerPage;
    const org = await newOrg(world, `${uniq('billing')}@example.test`, `Totara Supplies ${uniq('t')}`);
    await page.goto(`${world.api.url}/sign-in`);
    await page.getByRole('link', { name: 'Sign up with Xero' }).click();
    expect((await passXero(page, world, org)).pathname).toBe('/onboarding');
    tenantId = ((await (await page.request.get(`${world.api.url}/api/tenant`)).json()) as { id: string }).id;

    // Two days of the trial left: the app-wide banner says so and leads to Billing.
    await owner.query(`UPDATE tenants SET created_at = now() - interval '12 days' WHERE id = $1`, [tenantId]);
    await page.reload();
    const banner = page.locator('[data-banner="trial_ending"]');
    await banner.getByText('Your trial ends soon').waitFor();
    await banner.getByRole('link', { name: 'Go to Billing' }).click();
    await page.waitForURL((u) => u.pathname === '/billing');
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

    // The trial (Growth's entitlements), the usage against them, and the plans with both prices.
    const standing = page.getByTestId('billing-standing');
    await standing.getByText('Free trial').waitFor();
    await standing.getByText('2 days left').waitFor();
    expect(await page.getByTestId('billing-plan').innerText()).toMatch(/^Growth/);
    const usage = page.getByTestId('billing-usage');
    expect(await usage.locator('[data-figure="pairs"]').innerText()).toBe('0 of 3');
    expect(await usage.locator('[data-figure="records"]').innerText()).toMatch(/^0 of 50,000 \(fair use/);
    const starter = page.locator('[data-plan="starter"]');
    expect(await starter.locator('.plan-price').innerText()).toMatch(/^49\.00 USD \/ month( plus tax)?$/);
    await page.getByText('No per-transaction fees', { exact: false }).first().waitFor();
    await page.getByLabel('Yearly').check();
    expect(await page.locator('[data-plan="scale"] .plan-price').innerText()).toMatch(/^3990\.00 USD \/ year/);
    await page.getByLabel('Monthly').check();
    expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0);
    await expectPageClean(page, 'billing: trial');

    // Choose Starter, pay on the sandbox's hosted checkout page with the test card.
    await page.getByRole('button', { name: 'Choose Starter, monthly' }).click();
    await page.waitForURL((u) => u.origin === world.sandbox.url && u.pathname.startsWith('/stripe/checkout/'));
    await page.getByLabel('Name on card').fill('Aroha Ngata');
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel('VAT or GST number (optional)').fill('GB123456789');
    const createdBefore = await stored('customer.subscription.created');
    await page.getByRole('button', { name: 'Pay' }).click();

    // Back before the webhook's job has run: the page says it is confirming, then shows the plan.
    await page.waitForURL((u) => u.origin === world.api.url && u.pathname === '/billing');
    expect(new URL(page.url()).searchParams.get('checkout')).toBe('done');
    await page.getByTestId('billing-confirming').getByText('Confirming your payment').waitFor();
    await expectPageClean(page, 'billing: confirming the payment');
    await deliverAndProcess('customer.subscription.created', createdBefore);
    await page.getByText('Thank you: your subscription is set up').waitFor();
    expect(await page.getByTestId('billing-confirming').count()).toBe(0);
    await page.getByTestId('billing-subscribed-plan').getByText('Starter, monthly').waitFor();
    await starter.getByText('Your plan').waitFor();
    expect(await usage.locator('[data-figure="pairs"]').innerText()).toMatch(/^0 of \d+$/);
    expect(await page.getByRole('button', { name: /^Choose / }).count()).toBe(0);
    await expectPageClean(page, 'billing: subscribed');

    // Manage billing: the sandbox's portal, change to Scale (monthly), return.
    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.waitForURL((u) => u.origin === world.sandbox.url && u.pathname.startsWith('/stripe/portal/'));
    const options = await page.getByLabel('New plan').locator('option').all();
    let scaleMonthly: string | undefined;
    for (const o of options)
      if (/scale.*\b399\.00/i.test(await o.innerText())) scaleMonthly = (await o.getAttribute('value'))!;
    expect(scaleMonthly).toBeDefined();
    await page.getByLabel('New plan').selectOption(scaleMonthly!);
    const updatedBefore = await stored('customer.subscription.updated');
    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('status').getByText('Your plan has been changed.').waitFor();
    await page.getByRole('link', { name: 'Return' }).click();
    await page.waitForURL((u) => u.origin === world.api.url && u.pathname === '/billing');
    await page.getByTestId('billing-confirming').getByText('Checking for changes made in billing').waitFor();
    await deliverAndProcess('customer.subscription.updated', updatedBefore);
    await page.getByText('Billing updated').waitFor();
    await page.getByTestId('billing-subscribed-plan').getByText('Scale, monthly').waitFor();
    await page.locator('[data-plan="scale"]').getByText('Your plan').waitFor();
    expect(await page.locator('[data-plan="starter"]').getByText('Your plan').count()).toBe(0);
    await expectPageClean(page, 'billing: plan changed in the portal');

    // Off-boarding says what happens to the subscription.
    await page.goto(`${world.api.url}/settings/organisation`);
    await page.getByTestId('leave-subscription').getByText('cancelled at once').waitFor();
    expect(ownerErrors).toEqual([]);
  });

  it('shows a viewer the same page read-only, saying only owners change billing', async () => {
    expect(tenantId).toBeDefined();
    const viewer = await newOrg(world, `${uniq('viewer')}@example.test`);
    const { csrfToken } = (await (await ownerPage.request.get(`${world.api.url}/api/auth/session`)).json()) as {
      csrfToken: string;
    };
    const invited = await ownerPage.request.post(`${world.api.url}/api/tenant/invitations`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { email: viewer.userEmail, role: 'viewer' },
    });
    expect(invited.status()).toBe(201);
    const token = await invitationToken(owner, viewer.userEmail);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(`${world.api.url}/invitations/accept#token=${token}`);
      await page.waitForURL((u) => u.pathname.includes('/identity/'));
      expect((await passXero(page, world, viewer)).pathname).toBe('/');
      await page.locator('.role-tag', { hasText: 'Viewer' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
      await page.waitForURL((u) => u.pathname === '/billing');
      await page.getByTestId('read-only-note').getByText('Only owners change billing').waitFor();
      await page.getByTestId('billing-subscribed-plan').getByText('Scale, monthly').waitFor();
      await page.getByTestId('billing-usage').locator('[data-figure="records"]').waitFor();
      await page.locator('[data-plan="starter"] .plan-price').getByText('49.00 USD / month').waitFor();
      expect(await page.getByRole('button', { name: /^Choose / }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Manage billing' }).count()).toBe(0);
      await expectPageClean(page, 'billing: viewer');
      // The api agrees: a viewer cannot open Checkout or the portal.
      const { csrfToken: viewerCsrf } = (await (
        await page.request.get(`${world.api.url}/api/auth/session`)
      ).json()) as {
        csrfToken: string;
      };
      const portal = await page.request.post(`${world.api.url}/api/billing/portal`, {
        headers: { 'x-csrf-token': viewerCsrf },
      });
      expect(portal.status()).toBe(403);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
