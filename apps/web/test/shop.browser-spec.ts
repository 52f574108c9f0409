// The online shop page, through real pages with a running worker: an admin connects a shop (the
// signing secret shown once, with the webhook URL); the test then posts a Shopify-shaped,
// HMAC-signed orders/create to that URL over HTTP, as a shop does; the page shows the event and,
// once the worker has entered it, the X3 sales order; the same order delivered again shows as one
// order. An invited viewer sees the orders and events, with no way to connect a shop or replay.
import { createHmac, randomUUID } from 'node:crypto';
import { Page } from 'playwright-core';
import { SyncWorld } from '../../worker/test/sync-world';
import { TestFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import { shopOrder } from '../../../libs/sync/src/shop-intake/testing-shop';
import { connectEverything } from './journeys';
import { closeLiveSpa, LiveSpa, startLiveSpa } from './live-world';
import {
  expectPageClean,
  invitationToken,
  newOrg,
  openPage,
  passXero,
  signInWithXero,
  SpaWorld,
  STEP_TIMEOUT,
  uniq,
} from './spa-world';

/** The worker's outbox relay, Bull and the X3 calls of one order on a loaded machine. */
const ORDER_IN_X3_MS = 180_000;

/** What a shop sends: the raw JSON, its base64 HMAC-SHA256 under the secret, the topic and delivery id. */
function postAsShop(url: string, secret: string, body: Record<string, unknown>, webhookId: string) {
  const raw = JSON.stringify(body);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': webhookId,
      'x-shopify-shop-domain': 'test-shop.myshopify.com',
    },
    body: raw,
  });
}

describe('online shop in the browser: connect, signed orders become X3 sales orders, a viewer reads them', () => {
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

  it('an admin connects a shop; a signed order posted to its URL becomes one X3 sales order on the page; a viewer sees it and cannot change anything', async () => {
    const ownerOrg = await newOrg(spa, `${uniq('shop')}@example.test`, `Shop Owner ${uniq('o')}`);
    await signInWithXero(page, spa, ownerOrg);
    await page.waitForURL(/\/onboarding$/);
    await connectEverything(page, spa, ownerOrg, folder, 'NZ10');

    await page.goto(`${spa.api.url}/shop`);
    await page.getByRole('heading', { level: 1, name: 'Online shop' }).waitFor();
    await page.getByText('No shop connected yet.').waitFor({ timeout: STEP_TIMEOUT });
    const form = page.getByRole('form', { name: 'Connect an online shop' });
    await form.getByLabel('Name').fill('Aroha Foods shop');
    await form.getByLabel('X3 sales site').fill('NZ011');
    await form.getByLabel('Xero account the shop’s payments go to').fill('090');
    await form.getByLabel('Currency of a new X3 customer').fill('NZD');
    await form.getByLabel('Tax rule of a new X3 customer').fill('NZL');
    await form.getByLabel('Payment term of a new X3 customer').fill('CH30NETEOM');
    await form.getByRole('button', { name: 'Connect the shop' }).click();
    const secretShown = page.getByTestId('shop-secret');
    await secretShown.waitFor({ timeout: STEP_TIMEOUT });
    const secret = (await secretShown.textContent())!;
    const url = (await page.getByTestId('shop-webhook-url').textContent())!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(url).toMatch(new RegExp(`^${spa.api.url}/api/shop/webhooks/[0-9a-f-]{36}$`));
    const shop = page.getByRole('region', { name: 'Aroha Foods shop' });
    await shop.getByText('No orders received yet.').waitFor({ timeout: STEP_TIMEOUT });
    await expectPageClean(page, 'shop (connected, secret shown once)');

    // the secret is gone once the page is left; the webhook URL stays
    await page.reload();
    await shop.locator('code', { hasText: url }).waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByTestId('shop-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // the shop posts an order; Shopify retries the same delivery
    const body = shopOrder([
      { sku: 'NZFOOD01', quantity: 2, price: '24.90' },
      { sku: 'DIS004', quantity: 3, price: '4.35' },
    ]);
    const orderId = String(body.id);
    const delivery = randomUUID();
    expect((await postAsShop(url, secret, body, delivery)).status).toBe(200);
    expect((await postAsShop(url, secret, body, delivery)).status).toBe(200);
    // a forged one is refused and shows nowhere
    expect((await postAsShop(url, 'not-the-secret'.repeat(4), { ...body, id: 1 }, randomUUID())).status).toBe(401);

    const order = page.getByTestId(`shop-order-${orderId}`);
    await order.waitFor({ timeout: STEP_TIMEOUT });
    await order.getByTestId('x3-order').waitFor({ timeout: ORDER_IN_X3_MS });
    const x3Order = (await order.getByTestId('x3-order').textContent())!;
    const created = page.getByTestId(`shop-event-${orderId}-orders/create`);
    expect(await created.count()).toBe(1);
    await created.locator('[data-status="done"]').waitFor({ timeout: STEP_TIMEOUT });
    expect(await created.textContent()).toMatch(new RegExp(`X3 sales order ${x3Order} \\(customer SH[0-9A-F]{10}\\)`));
    await expectPageClean(page, 'shop (an order in X3)');

    // the same order under another delivery id: two deliveries, still one order, one X3 sales order
    expect((await postAsShop(url, secret, body, randomUUID())).status).toBe(200);
    await page.waitForFunction(
      (id) => {
        const rows = document.querySelectorAll(`[data-testid="shop-event-${id}-orders/create"] [data-status="done"]`);
        return rows.length === 2;
      },
      orderId,
      { timeout: ORDER_IN_X3_MS },
    );
    await page.getByText(`already X3 sales order ${x3Order}`).waitFor();
    expect(await page.locator('[data-testid^="shop-order-"]').count()).toBe(1);
    expect(await order.locator('td').nth(3).textContent()).toBe('2');
    expect(await order.getByTestId('x3-order').textContent()).toBe(x3Order);
    // X3 holds one order with the shop's reference
    const [{ n }] = await world.owner.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM shop_orders WHERE shop_order_id = $1 AND x3_order = $2`,
      [orderId, x3Order],
    );
    expect(n).toBe(1);
    expect(errors).toEqual([]);

    // an invited viewer sees the orders and events, and no way to connect a shop or replay
    const viewerOrg = await newOrg(spa, `${uniq('shop-viewer')}@example.test`, `Shop Viewer ${uniq('v')}`);
    await page.goto(`${spa.api.url}/settings/invitations`);
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email address').fill(viewerOrg.userEmail);
    await invite.getByLabel('Role').selectOption('viewer');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${viewerOrg.userEmail.toLowerCase()}.`).waitFor();
    const token = await invitationToken(world.owner, viewerOrg.userEmail);
    const b = await openPage(live!.browser);
    try {
      await b.page.goto(`${spa.api.url}/invitations/accept#token=${token}`);
      await b.page.waitForURL((u) => u.pathname.includes('/identity/'));
      await passXero(b.page, spa, viewerOrg);
      await b.page.locator('.role-tag', { hasText: 'viewer' }).waitFor();
      await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Online shop' }).click();
      await b.page.getByRole('heading', { level: 1, name: 'Online shop' }).waitFor();
      await b.page.getByTestId('read-only-note').waitFor();
      const seen = b.page.getByTestId(`shop-order-${orderId}`);
      await seen.getByTestId('x3-order').waitFor({ timeout: STEP_TIMEOUT });
      expect(await seen.getByTestId('x3-order').textContent()).toBe(x3Order);
      expect(await b.page.getByTestId(`shop-event-${orderId}-orders/create`).count()).toBe(2);
      expect(await b.page.getByRole('button', { name: 'Connect the shop' }).count()).toBe(0);
      expect(await b.page.getByRole('form', { name: 'Connect an online shop' }).count()).toBe(0);
      expect(await b.page.getByRole('button', { name: /^Replay/ }).count()).toBe(0);
      expect(await b.page.content()).not.toContain(secret);
      await expectPageClean(b.page, 'shop (viewer)');
      expect(b.errors).toEqual([]);
    } finally {
      await b.context.close();
    }
  });
});
