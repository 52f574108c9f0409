// The mapping studio's suggestions, through real pages: a finance lead asks for GL account pairs on
// the journal mapping, sees each with its confidence and reason, accepts one (it is in the lookup
// table, as a new version) and rejects another (gone, and still gone after a reload).
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '#lb/testing';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { connectEverything } from './journeys';
import {
  expectPageClean,
  newOrg,
  openPage,
  signInWithXero,
  SpaWorld,
  startSpaWorld,
  STEP_TIMEOUT,
  uniq,
} from './spa-world';

interface Row {
  source: string;
  target: string;
  confidence: string;
  why: string;
  state: string;
}

/** The suggestions table as the page shows it (From and To start with the codes). */
async function rowsOf(page: Page): Promise<Row[]> {
  const table = page.getByRole('table', { name: 'Suggestions' });
  await table.waitFor({ timeout: STEP_TIMEOUT });
  return table.locator('tbody tr[data-testid^="suggestion-"]').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());
      return {
        source: cells[0].split(' ')[0],
        target: cells[1].split(' ')[0],
        confidence: cells[2],
        why: cells[3],
        state: cells[5],
      };
    }),
  );
}

/** The journal-account lookup table's entries in the lookups editor: [account, accountCode]. */
async function lookupEntries(page: Page): Promise<Array<[string, string]>> {
  const table = page.locator('[data-lookup="journal-account"]');
  await table.waitFor({ timeout: STEP_TIMEOUT });
  return table.evaluate((el) => {
    const out: Array<[string, string]> = [];
    for (let i = 1; ; i++) {
      const key = el.querySelector<HTMLInputElement>(`input[aria-label="account of entry ${i}"]`);
      const value = el.querySelector<HTMLInputElement>(`input[aria-label="accountCode of entry ${i}"]`);
      if (!key || !value) return out;
      out.push([key.value, value.value]);
    }
  });
}

describe('mapping suggestions in the browser: accept one into the lookup table, reject another for good', () => {
  let world: SpaWorld;
  let browser: Browser;
  let folder: TestFolder;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    world = await startSpaWorld();
    browser = await launchBrowser();
    folder = await provisionFolder(world.sandbox.url);
    ({ context, page, errors } = await openPage(browser));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
  });

  it('shows GL account pairs with confidence and reason; an accepted pair lands in the journal-account table, a rejected one does not come back', async () => {
    const org = await newOrg(world, `${uniq('suggest')}@example.test`, `Suggestions ${uniq('o')}`);
    await signInWithXero(page, world, org);
    await page.waitForURL(/\/onboarding$/);
    await connectEverything(page, world, org, folder, 'NZ10');
    // the starter mappings (the journal mapping among them) come with step 5
    await page.getByRole('button', { name: 'Pick starter flows' }).click();
    await page.getByRole('group', { name: 'Flows to switch on after the dry run' }).waitFor({ timeout: STEP_TIMEOUT });

    await page.goto(`${world.api.url}/mappings`);
    await page.getByRole('link', { name: 'journal (X3 → Xero)' }).click();
    await page.getByRole('heading', { level: 1, name: 'journal mapping' }).waitFor();
    const studio = page.url();
    // the journal mapping asks for GL accounts first
    expect(await page.getByLabel('Suggest', { exact: true }).inputValue()).toBe('accounts');
    await page.getByRole('button', { name: 'Suggest pairs' }).click();
    const rows = await rowsOf(page);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) {
      expect(r.confidence).toMatch(/^\d{1,3} %$/);
      expect(r.why.length).toBeGreaterThan(3);
      expect(r.state).toBe('proposed');
    }
    // the NZ chart's receivable control account pairs with Xero's Accounts Receivable, and says why
    const receivable = rows.find((r) => r.source === '610');
    expect(receivable).toMatchObject({ target: '610' });
    expect(receivable!.why).toMatch(/receivable/i);
    await expectPageClean(page, 'mapping studio (suggestions)');

    // accept a pair the table does not hold yet (or holds otherwise); reject another
    const before = await lookupEntries(page);
    const has = (r: Row) => before.some(([k, v]) => k === r.source && v === r.target);
    const accepted = rows.find((r) => !has(r)) ?? rows[0];
    const rejected = rows.find((r) => r.source !== accepted.source)!;
    await page.getByRole('button', { name: `Accept ${accepted.source} → ${accepted.target}` }).click();
    const saved = page.getByText(
      new RegExp(
        `^Accepted: ${accepted.source} → ${accepted.target}, saved as version (\\d+) of the journal mapping \\(lookup table journal-account\\)\\.$`,
      ),
    );
    await saved.waitFor({ timeout: STEP_TIMEOUT });
    const version = /version (\d+)/.exec((await saved.textContent())!)![1];
    // the studio shows the new version, its table holding the pair
    await page.getByText(new RegExp(`active v${version}\\.`)).waitFor({ timeout: STEP_TIMEOUT });
    expect(await lookupEntries(page)).toContainEqual([accepted.source, accepted.target]);
    await page.getByTestId(`version-${version}`).waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByTestId(`version-${version}`).textContent()).toContain(
      `Suggestion accepted: ${accepted.source} → ${accepted.target}`,
    );
    // the list is read again: the pair now shows as accepted
    await page
      .getByTestId(`suggestion-journal-${accepted.source}`)
      .locator('[data-status="accepted"]')
      .waitFor({ timeout: STEP_TIMEOUT });
    await page.getByText('No unsaved changes').waitFor();

    await page.getByRole('button', { name: `Reject ${rejected.source} → ${rejected.target}` }).click();
    await page
      .getByText(`Rejected: ${rejected.source} → ${rejected.target}. It will not be proposed again.`)
      .waitFor({ timeout: STEP_TIMEOUT });
    const gone = (list: Row[]) => !list.some((r) => r.source === rejected.source && r.target === rejected.target);
    await page.waitForFunction(
      ([s, t]) =>
        ![...document.querySelectorAll('tbody tr[data-testid^="suggestion-"]')].some((tr) => {
          const cells = [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim().split(' ')[0]);
          return cells[0] === s && cells[1] === t;
        }),
      [rejected.source, rejected.target],
      { timeout: STEP_TIMEOUT },
    );
    expect(gone(await rowsOf(page))).toBe(true);
    await expectPageClean(page, 'mapping studio (suggestions decided)');

    // a reload and a fresh reading: the rejected pair stays out, the accepted one stays accepted
    await page.goto(studio);
    await page.getByRole('heading', { level: 1, name: 'journal mapping' }).waitFor();
    await page.getByRole('button', { name: 'Suggest pairs' }).click();
    const again = await rowsOf(page);
    expect(gone(again)).toBe(true);
    expect(again.find((r) => r.source === accepted.source)).toMatchObject({
      target: accepted.target,
      state: 'accepted',
    });
    expect(await lookupEntries(page)).toContainEqual([accepted.source, accepted.target]);
    expect(errors).toEqual([]);
  });
});
