import { resolve } from 'node:path';
import { Browser } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import { RunningApi, startApi } from './api-harness';

describe('SPA served by the api', () => {
  let api: RunningApi;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi({ WEB_DIST_DIR: resolve(__dirname, '../../web/dist') });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders the sign-in page from the api without showing anyone the infrastructure', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const healthAsked: string[] = [];
    page.on('request', (r) => new URL(r.url()).pathname.startsWith('/health') && healthAsked.push(r.url()));
    await page.goto(api.url, { waitUntil: 'networkidle' });
    // the SPA asked the api for the session and was sent to sign in
    await page.getByRole('heading', { name: 'Keep Sage X3 and Xero in step' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Ledgerbridge');
    // PostgreSQL/Redis status is for operators and monitoring, not the public page
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/Service status|Database|Redis|Background workers/);
    expect(healthAsked).toEqual([]);
    expect(errors).toEqual([]);
    // …and the health endpoints still answer monitoring
    const health = await page.request.get(`${api.url}/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves index.html for client-side routes but never for API paths', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${api.url}/settings/connections`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Keep Sage X3 and Xero in step' }).waitFor();
    const apiRes = await page.request.get(`${api.url}/api/unknown`);
    expect(apiRes.status()).toBe(404);
  });
});
