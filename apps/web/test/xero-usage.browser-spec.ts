// The overview's Xero usage card with real data: a tenant connects a sandbox organisation through
// the wizard; the card shows what the api's meter says, a 14-day chart with its table, and no
// infrastructure status.
import { Browser } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import {
  expectPageClean,
  newOrg,
  openPage,
  passXero,
  signInWithXero,
  SpaWorld,
  startSpaWorld,
  uniq,
} from './spa-world';

interface OrgUsage {
  connectionId: string;
  name: string;
  callsLeft: number;
  dayLimit: number;
  rolling: { calls: number };
  days: Array<{ date: string; calls: number }>;
}

describe('SPA: Xero usage on the overview', () => {
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

  it('shows calls today (rolling), budget left and a 14-day chart with a table, and no Database/Redis status', async () => {
    const org = await newOrg(world, `${uniq('usage')}@example.test`, `Usage Co ${uniq('u')}`);
    const { context, page, errors } = await openPage(browser);
    await signInWithXero(page, world, org);
    await page.getByRole('heading', { level: 1, name: 'Set up Ledgerbridge' }).waitFor();
    await page.getByRole('link', { name: 'Connect to Xero' }).click();
    await passXero(page, world, org);
    await page.getByText('Connected 1 Xero organisation.').waitFor();

    await page.goto(`${world.api.url}/`);
    const card = page.getByRole('region', { name: 'Xero usage' });
    await card.getByRole('heading', { name: org.name }).waitFor();
    const res = await page.request.get(`${world.api.url}/api/xero-usage?days=14`);
    expect(res.status()).toBe(200);
    const [usage] = (await res.json()) as OrgUsage[];
    expect(usage.name).toBe(org.name);
    // what the card says is what the meter says (the connect step's own calls, if any, included)
    expect(await card.locator('[data-figure="calls"]').innerText()).toBe(String(usage.rolling.calls));
    expect(await card.locator('[data-figure="left"]').innerText()).toBe(`${usage.callsLeft} of ${usage.dayLimit}`);
    await card.getByRole('img', { name: new RegExp(`^${org.name}: calls per day`) }).waitFor();
    await card.getByText('Per day as a table').click();
    const rows = card.getByRole('table').locator('tbody tr');
    expect(await rows.count()).toBe(14);
    expect(await rows.last().locator('th').innerText()).toBe(new Date().toISOString().slice(0, 10));

    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/Service status|Queues \(Redis\)|Database:/);
    await expectPageClean(page, 'overview with Xero usage');
    expect(errors).toEqual([]);
    await context.close();
  });
});
