/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// The hosted checkout and portal in a real browser (Debian's Chromium): usable by label, the
// decline shown as an alert, Pay returning to the app, and no axe accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium } from 'playwright-core';
import Stripe from 'stripe';
import { StripeSandbox, TestAccount, createAccount, startStripeSandbox, stripeClient } from '../testing/stripe-harness';

describe('Stripe sandbox checkout and portal pages (browser)', () => {
  let sb: StripeSandbox;
  let account: TestAccount;
  let stripe: Stripe;
  let browser: Browser;

  beforeAll(async () => {
    sb = await startStripeSandbox();
    account = await createAccount(sb);
    stripe = stripeClient(sb, account.secretKey);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  it('pays a checkout, then changes plan and cancels in the portal', async () => {
    const [price] = (await stripe.prices.list({ lookup_keys: ['starter_yearly'] })).data;
    const cs = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://app.example.test/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.example.test/back',
      tax_id_collection: { enabled: true },
      automatic_tax: { enabled: true },
    });
    const page = await (await browser.newContext()).newPage();
    let landed = '';
    await page.route('http://app.example.test/**', (route) => {
      landed = route.request().url();
      return route.fulfill({ status: 200, body: 'back in the app' });
    });
    await page.goto(cs.url!, { timeout: 15_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Subscribe');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByLabel('Email').fill('browser@example.test');
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/declined/);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Country').selectOption('IE');
    await page.getByLabel('VAT or GST number (optional)').fill('IE1234567T');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/app\.example\.test\/done/, { timeout: 10_000 });
    expect(new URL(landed).searchParams.get('session')).toBe(cs.id);

    const done = await stripe.checkout.sessions.retrieve(cs.id);
    const portal = await stripe.billingPortal.sessions.create({
      customer: done.customer as string,
      return_url: 'http://app.example.test/billing',
    });
    await page.goto(portal.url, { timeout: 15_000 });
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    const [growth] = (await stripe.prices.list({ lookup_keys: ['growth_yearly'] })).data;
    await page.getByLabel('New plan').selectOption(growth.id);
    await page.getByRole('button', { name: 'Change plan' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/plan has been changed/);
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/will end/);
    const sub = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub).toMatchObject({ cancel_at_period_end: true });
    expect(sub.items.data[0].price.id).toBe(growth.id);
    await page.getByRole('link', { name: 'Return' }).click();
    await page.waitForURL(/app\.example\.test\/billing/, { timeout: 10_000 });
  });
});
