/** @jest-environment ./apps/sandbox/src/xero/testing/native-esm.environment.js */
// The sandbox's Xero login and consent pages in a real browser (Debian's Chromium): usable by
// label, keyboard-submittable forms, and no axe accessibility violations.
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium } from 'playwright-core';
import { Sandbox, TestApp, TestOrg, createOrg, registerApp, startSandbox, uniq } from '../testing/sandbox-harness';

describe('Xero sandbox login and consent pages (browser)', () => {
  let sb: Sandbox;
  let org: TestOrg;
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    sb = await startSandbox();
    org = await createOrg(sb, `${uniq('browser')}@example.test`);
    app = await registerApp(sb, uniq('Browser app'));
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

  it('signs the demo user in, lets them pick an organisation and returns a code to the app', async () => {
    const page = await (await browser.newContext()).newPage();
    let callback = '';
    await page.route('http://localhost:5999/**', (route) => {
      callback = route.request().url();
      return route.fulfill({ status: 200, body: 'app callback' });
    });
    const url = `${sb.url}/identity/connect/authorize?${new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: app.redirectUri,
      state: 'st-123',
      scope: 'openid profile email offline_access accounting.transactions',
    })}`;
    await page.goto(url, { timeout: 15_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Log in to Xero/);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByLabel('Email address').fill(org.userEmail);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/incorrect/);
    await page.getByLabel('Password').fill(org.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('group', { name: 'Organisations to connect' }).waitFor({ timeout: 10_000 });
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByRole('button', { name: 'Allow access' }).click();
    await page.waitForURL(/localhost:5999/, { timeout: 10_000 });
    expect(new URL(callback).searchParams.get('state')).toBe('st-123');
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
  });
});
