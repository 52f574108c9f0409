import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { launchBrowser, ownerDataSource } from '#lb/testing';
import { provisionFolder, TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { http } from '../../sandbox/src/xero/testing/sandbox-harness';
import {
  STEP_TIMEOUT,
  expectPageClean,
  newOrg,
  openPage,
  signInWithXero,
  passXero,
  SpaWorld,
  startSpaWorld,
  uniq,
} from './spa-world';
import { connectEverything } from './journeys';

const ADMIN_TOKEN = `browser-admin-${Date.now()}`;
/** Try mode provisions a whole sandbox organisation and folder: slower than one page step under load. */
const PROVISIONING_MS = 120_000;

/** What the page keeps in the browser's storage (cookies visible to scripts included). */
async function browserStorage(page: import('playwright-core').Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (s: Storage) =>
      Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n');
    return [dump(localStorage), dump(sessionStorage), document.cookie].join('\n');
  });
}

describe('SPA: sign in, connect both systems, pair, disconnect and reconnect', () => {
  let world: SpaWorld;
  let browser: Browser;
  let folder: TestFolder;
  let owner: DataSource;

  beforeAll(async () => {
    process.env.SANDBOX_ADMIN_TOKEN = ADMIN_TOKEN; // lets the test read what the sandbox issued
    world = await startSpaWorld();
    browser = await launchBrowser();
    folder = await provisionFolder(world.sandbox.url);
    owner = await ownerDataSource();
  });
  afterAll(async () => {
    await owner?.destroy();
    await browser?.close();
    await world?.close();
    delete process.env.SANDBOX_ADMIN_TOKEN;
  });

  it('signs in with Xero, connects an organisation and an X3 folder through the wizard, pairs them and shows all connected', async () => {
    const org = await newOrg(world, `${uniq('wizard')}@example.test`, `Kiwi Traders ${uniq('w')}`);
    const { context, page, errors } = await openPage(browser);
    try {
      await page.goto(world.api.url);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('link', { name: 'Sign in with Xero' }).waitFor();
      await expectPageClean(page, 'sign-in');
      // Keyboard: the first Tab reaches the skip link, the next ones the Sign in with Xero button.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      // By accessible name: the Xero logo's wordmark is text in the DOM, hidden from assistive tech.
      const signInFocused = () =>
        page.getByRole('link', { name: 'Sign in with Xero' }).evaluate((el) => el === document.activeElement);
      for (let i = 0; i < 5 && !(await signInFocused()); i++) await page.keyboard.press('Tab');
      expect(await signInFocused()).toBe(true);

      const landed = await signInWithXero(page, world, org);
      expect(landed.pathname).toBe('/'); // a new organisation is sent on to the wizard
      await page.waitForURL(/\/onboarding$/);
      await expectPageClean(page, 'onboarding (empty)');
      // The later steps are visible and disabled.
      expect(await page.getByRole('button', { name: 'Pick starter flows' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Start a dry run' }).isDisabled()).toBe(true);

      await connectEverything(page, world, org, folder);
      await expectPageClean(page, 'onboarding (done)');

      for (const [path, heading] of [
        ['/', undefined],
        ['/settings/connections', 'Connections'],
        ['/settings/integrations', 'Integrations'],
        ['/settings/members', 'Users and roles'],
        ['/settings/invitations', 'Invitations'],
        ['/settings/audit', 'Audit log'],
        ['/settings/organisation', 'Organisation'],
        ['/flows', 'Flows'],
        ['/mappings', 'Mappings'],
        ['/shop', 'Online shop'],
      ] as const) {
        await page.goto(`${world.api.url}${path}`);
        await page.getByRole('heading', { level: 1, ...(heading ? { name: heading } : {}) }).waitFor();
        await page.getByRole('status').or(page.locator('table, .empty, form')).first().waitFor();
        await expectPageClean(page, path);
      }
      await page.goto(`${world.api.url}/settings/integrations`);
      await page.getByRole('cell', { name: org.name, exact: true }).waitFor();
      expect(errors).toEqual([]);

      // Nothing the sandboxes issued (tokens, codes, the X3 secret typed into the form) stays in the browser.
      const issued = (
        await http(`${world.sandbox.url}/sandbox-control/issued-secrets`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        })
      ).body as Array<{ value: string }>;
      expect(issued.length).toBeGreaterThan(3);
      const storage = await browserStorage(page);
      const found = [...issued.map((i) => i.value), folder.connectedApplication.secret]
        .flatMap((v) => [v, Buffer.from(v).toString('base64'), Buffer.from(v).toString('base64url')])
        .filter((v) => storage.includes(v));
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('disconnects and reconnects from the connections page, and shows a disconnect made in Xero’s Connected Apps without a reload', async () => {
    const org = await newOrg(world, `${uniq('disc')}@example.test`, `Harbour Supplies ${uniq('d')}`);
    const { context, page, errors } = await openPage(browser);
    try {
      await signInWithXero(page, world, org);
      await connectEverything(page, world, org, folder);
      await page.goto(`${world.api.url}/settings/connections`);
      const row = page.getByTestId(`xero-connection-${org.tenantId}`);
      await row.locator('[data-status="active"]').waitFor();

      // Disconnect (confirm in the dialog). The last sign-in is made stale first: the api asks for a
      // fresh Sign in with Xero, the SPA goes through it and finishes the disconnect on return.
      const { user } = (await (await page.request.get(`${world.api.url}/api/auth/session`)).json()) as {
        user: { id: string };
      };
      await owner.query(
        `UPDATE sessions SET data = jsonb_set(data, '{reauthAt}', '0') WHERE data->'member'->>'userId' = $1`,
        [user.id],
      );
      await row.getByRole('button', { name: `Disconnect ${org.name} from Xero` }).click();
      const dialog = page.getByRole('dialog', { name: `Disconnect ${org.name}?` });
      await expectPageClean(page, 'disconnect dialog');
      await dialog.getByRole('button', { name: 'Disconnect' }).click();
      // The SPA says why before it sends the browser to Xero.
      const why = page.getByRole('dialog', { name: 'Confirm it is you with Xero' });
      await why.getByText('To disconnect the Xero organisation').waitFor();
      await why.getByRole('button', { name: 'Continue to Xero' }).click();
      await page.waitForURL((u) => u.pathname.includes('/identity/'));
      const reauthed = await passXero(page, world, org);
      expect(reauthed.pathname).toBe('/settings/connections');
      await page.getByText(`${org.name} is disconnected from Xero.`).waitFor();
      await row.locator('[data-status="disconnected"]').waitFor();

      // Reconnect through Xero's consent.
      await row.getByRole('link', { name: /Reconnect to Xero/ }).click();
      const back = await passXero(page, world, org);
      expect(back.pathname).toBe('/settings/connections');
      await page.getByText('Connected 1 Xero organisation.').waitFor();
      await row.locator('[data-status="active"]').waitFor();

      // The user removes our app inside Xero (Settings → Connected Apps), in another tab.
      const xeroTab = await context.newPage();
      await xeroTab.goto(
        `${world.sandbox.url}/xero-control/organisations/${org.tenantId}/connected-apps-page?token=${encodeURIComponent(org.controlToken)}`,
      );
      await xeroTab.getByRole('button', { name: `Disconnect ${world.app.name}` }).click();
      await xeroTab.getByText('No apps are connected.').waitFor();
      await xeroTab.close();

      // Shown without a reload: the page asks the api to check with Xero every 30 s, inside two Xero
      // minutes by that schedule (a wall-clock bound here measured the machine's load, not the page).
      await row.locator('[data-status="disconnected"]').waitFor({ timeout: 2 * STEP_TIMEOUT });
      await page
        .getByRole('status')
        .filter({ hasText: `${org.name} is no longer connected to Xero` })
        .waitFor();
      await expectPageClean(page, 'connections (lost)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('starts the sandbox with one click and shows all connected', async () => {
    const org = await newOrg(world, `${uniq('try')}@example.test`);
    const { context, page, errors } = await openPage(browser);
    try {
      await signInWithXero(page, world, org);
      await page.waitForURL(/\/onboarding$/);
      await page.getByRole('button', { name: 'Start the sandbox' }).click();
      await page.getByText('All connected').waitFor({ timeout: PROVISIONING_MS });
      await expectPageClean(page, 'onboarding (sandbox)');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('keeps the wizard and what is typed in the X3 form when a background refresh fails, says so, and clears the notice once the api answers', async () => {
    const org = await newOrg(world, `${uniq('outage')}@example.test`);
    const { context, page, errors } = await openPage(browser);
    try {
      await signInWithXero(page, world, org);
      await page.waitForURL(/\/onboarding$/);
      const x3 = page.getByRole('form', { name: 'Add a Sage X3 connection' });
      const typed = async () => [
        await x3.getByLabel('Connection name').inputValue(),
        await x3.getByLabel('Folder', { exact: true }).inputValue(),
      ];
      await x3.getByLabel('Connection name').fill('Typed before the outage');
      await x3.getByLabel('Folder', { exact: true }).fill('SEED');
      // the api stops answering the connections poll (every 10 s): the page once swapped the whole
      // wizard for an error, and the form, with what was typed, went with it
      await page.route('**/api/connections', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"statusCode":503,"message":"down"}' }),
      );
      const notice = page.getByRole('status').filter({ hasText: 'Your set-up could not be refreshed' });
      await notice.waitFor();
      expect(await typed()).toEqual(['Typed before the outage', 'SEED']);
      await page.unroute('**/api/connections');
      await notice.waitFor({ state: 'detached' });
      expect(await typed()).toEqual(['Typed before the outage', 'SEED']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
