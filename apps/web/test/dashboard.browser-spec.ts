// The overview's dashboard with a running worker against the sandboxes: a new tenant goes live,
// records move, one invoice is refused by Xero (a wrong revenue account); the dashboard's charts
// show the run's records, and its failed count opens the records list with the dead invoice,
// whose link goes to the record's trail.
import { Page } from 'playwright-core';
import { SyncWorld } from '../../worker/test/sync-world';
import { control as x3Control, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { connectEverything } from './journeys';
import { closeLiveSpa, LiveSpa, startLiveSpa } from './live-world';
import { expectPageClean, newOrg, signInWithXero, SpaWorld, STEP_TIMEOUT, uniq } from './spa-world';

const RECORDS_MOVE_MS = 180_000;

describe('the dashboard in the browser, on a real run', () => {
  let live: LiveSpa | undefined;
  let world: SyncWorld;
  let spa: SpaWorld;
  let folder: TestFolder;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    live = await startLiveSpa();
    ({ world, spa, folder, page, errors } = live);
  });
  afterAll(() => closeLiveSpa(live));

  /** Polls PostgreSQL until `check` answers (a condition, not a pause), else fails with the worker's output. */
  async function until<T>(what: string, check: () => Promise<T | undefined>, ms = RECORDS_MOVE_MS): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: timed out\n${world.worker.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500)); // polling PostgreSQL for the condition, not a pause
    }
  }

  it('charts the run, and the failed count drills down to the dead invoice and its trail', async () => {
    const org = await newOrg(spa, `${uniq('dash')}@example.test`, `Dashboard ${uniq('o')}`);
    await signInWithXero(page, spa, org);
    await page.waitForURL(/\/onboarding$/);
    await connectEverything(page, spa, org, folder, 'NZ10');

    // Live with customers, products and invoices (the starter flows, through the wizard)
    await page.getByRole('button', { name: 'Pick starter flows' }).click();
    const picks = page.getByRole('group', { name: 'Flows to switch on after the dry run' });
    await picks.waitFor({ timeout: STEP_TIMEOUT });
    for (const box of await picks.getByRole('checkbox').all()) {
      const name = (await box.evaluate((b) => b.closest('label')?.textContent ?? '')).trim();
      if (!/^(customers|products|invoices) /.test(name)) await box.uncheck();
    }
    await page.getByRole('button', { name: 'Start a dry run' }).click();
    await page.getByText(/dry run done\.$/).waitFor({ timeout: 2 * STEP_TIMEOUT });
    await page.getByRole('button', { name: 'Confirm the matches' }).click();
    await page.waitForFunction(
      () => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Go live' && !b.disabled),
      null,
      { timeout: STEP_TIMEOUT },
    );
    await page.getByRole('button', { name: 'Go live' }).click();
    await page.getByText(/^Live: \d+ flows? switched on\./).waitFor({ timeout: STEP_TIMEOUT });
    await until('records moved and the first load through', async () => {
      const [{ done, busy }] = await world.owner.query<Array<{ done: number; busy: number }>>(
        `SELECT count(*) FILTER (WHERE state = 'done')::int AS done,
                count(*) FILTER (WHERE state IN ('pending', 'claimed'))::int AS busy FROM sync_pending_changes`,
      );
      return done > 0 && busy === 0 ? true : undefined;
    });

    // One invoice Xero refuses: the invoice mapping's revenue accounts set to 999
    await page.goto(`${spa.api.url}/mappings`);
    await page.getByRole('link', { name: 'invoice (X3 → Xero)' }).click();
    const table = page.locator('[data-lookup="sales-account"]');
    await table.waitFor({ timeout: STEP_TIMEOUT });
    for (const i of [1, 2]) await table.getByLabel(`accountCode of entry ${i}`).fill('999');
    await page.getByLabel('Comment for this version').fill('Wrong revenue account');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Save as a new version' && !b.disabled),
      null,
      { timeout: STEP_TIMEOUT },
    );
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(/^Saved as version \d+\.$/).waitFor({ timeout: STEP_TIMEOUT });
    const made = await x3Control(world.sandbox.url, folder, 'POST', '/sales-invoices', {
      salesSite: 'NZ011',
      billToCustomer: 'NZ001',
      lines: [{ product: 'NZFOOD01', quantityInSalesUnitInvoiced: '3' }],
      post: true,
    });
    expect(made.status).toBe(201);
    const invoice = String(made.body.salesInvoice);
    await page.goto(`${spa.api.url}/flows`);
    await page.getByRole('button', { name: 'Run invoices now' }).click();
    await until(`${invoice} dead-lettered`, async () => {
      const [row] = await world.owner.query<Array<{ state: string }>>(
        `SELECT state FROM sync_pending_changes WHERE flow_key = 'invoices' AND source_key = $1
         ORDER BY created_at DESC LIMIT 1`,
        [invoice],
      );
      return row?.state === 'dead' ? true : undefined;
    });
    const settled = async () =>
      (
        await world.owner.query<Array<{ done: number; dead: number }>>(
          `SELECT count(*) FILTER (WHERE state = 'done')::int AS done, count(*) FILTER (WHERE state = 'dead')::int AS dead
           FROM sync_pending_changes WHERE settled_at > now() - interval '24 hours'`,
        )
      )[0];

    // The overview is the dashboard: the synced count, the charts drawn from the run, the failed count
    await page.goto(`${spa.api.url}/`);
    const dashboard = page.locator('section[aria-labelledby="overview-dashboard"]');
    await dashboard.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: STEP_TIMEOUT });
    const synced = dashboard.locator('[data-figure="synced"]');
    const failed = dashboard.locator('[data-figure="failed"]');
    await synced.waitFor({ timeout: STEP_TIMEOUT });
    // what the page shows is what PostgreSQL holds (a later comparison may add rows: read both again)
    const shown = await until('the dashboard in step with the settled changes', async () => {
      const db = await settled();
      const onPage = { done: Number(await synced.textContent()), dead: Number(await failed.textContent()) };
      return onPage.done === db.done && onPage.dead === db.dead ? onPage : undefined;
    });
    expect(shown.done).toBeGreaterThan(0);
    expect(shown.dead).toBeGreaterThanOrEqual(1);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-chart="synced"] path.recharts-rectangle').length > 0,
      null,
      { timeout: STEP_TIMEOUT },
    );
    await page.waitForFunction(
      () => document.querySelectorAll('[data-chart="outcomes"] path.recharts-rectangle').length > 1,
      null,
      { timeout: STEP_TIMEOUT },
    );
    expect(await dashboard.locator('[data-chart="synced"] .recharts-legend-item-text').allTextContents()).toEqual(
      expect.arrayContaining(['customer', 'invoice']),
    );
    expect(await dashboard.getByTestId('flow-tile-invoices').textContent()).toContain('invoices');
    await dashboard.locator('[data-connection]').waitFor();
    await expectPageClean(page, 'overview (dashboard)');

    await failed.getByRole('link').click();
    await page.waitForURL(/\/integrations\/[^/]+\/records\?/);
    const url = new URL(page.url());
    const integrationId = url.pathname.split('/')[2];
    expect(url.searchParams.get('status')).toBe('dead');
    expect(Date.parse(url.searchParams.get('from')!)).toBeLessThan(Date.parse(url.searchParams.get('to')!));
    await page.getByRole('heading', { level: 1, name: 'Records' }).waitFor();
    const row = page.getByTestId(`record-${invoice}`);
    await row.waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.locator('tbody tr').count()).toBe(shown.dead);
    expect(await row.textContent()).toMatch(/999/);
    await expectPageClean(page, 'records (dead)');

    const trail = row.getByRole('link').first();
    const key = (await trail.textContent())!;
    expect(key.length).toBeGreaterThan(0);
    await trail.click();
    await page.waitForURL(/\/trail\//);
    expect(new URL(page.url()).pathname).toBe(`/integrations/${integrationId}/trail/${encodeURIComponent(key)}`);
    // The record's trail, from the run that moved it: mapped (before and after), then Xero's refusal.
    await page.getByTestId('trail-dead').first().waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByTestId('trail-mapped').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('trail-dead').first().textContent()).toMatch(/999/);
    await expectPageClean(page, 'record trail');
    expect(errors).toEqual([]);
  });
});
