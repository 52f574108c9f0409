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

  it('renders, reaches the api and shows every check up', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(api.url, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Service status: all systems up' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-check="database"]').getAttribute('data-status')).toBe('up');
    expect(await page.locator('[data-check="redis"]').getAttribute('data-status')).toBe('up');
    expect(await page.title()).toBe('Ledgerbridge');
    expect(errors).toEqual([]);
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
