import { ChildProcess } from 'node:child_process';
import { CookieBrowser, eventually } from '#lb/testing';
import { control as xeroControl } from '../../sandbox/src/xero/testing/sandbox-harness';
import { connectXero, newOrg, read, signInWithXero, startXeroWorld, XeroWorld } from '../../api/test/xero-world';
import { startWorker, stopWorker } from './worker-harness';

/** Xero seconds per real second for this suite: a Xero minute lasts 6 s. */
const CLOCK_SCALE = 10;

describe('disconnects made inside Xero', () => {
  let world: XeroWorld;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    world = await startXeroWorld({ XERO_CLOCK_SCALE: String(CLOCK_SCALE) });
    worker = await startWorker({
      XERO_CLIENT_ID: world.app.clientId,
      XERO_CLIENT_SECRET: world.app.clientSecret,
      XERO_WEBHOOK_KEY: world.app.webhookKey,
      XERO_IDENTITY_URL: `${world.sandbox.url}/identity`,
      XERO_API_URL: world.sandbox.url,
      XERO_CLOCK_SCALE: String(CLOCK_SCALE),
    });
  }, 60_000);
  afterAll(async () => {
    await stopWorker(worker);
    await world?.close();
  });

  it('are noticed by the worker within two (scaled) minutes, with no user action', async () => {
    const org = await newOrg(world, `sweep-${Date.now().toString(36)}@example.test`);
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    expect((await read(world, browser, '/api/connections')).body.xero[0].status).toBe('active');

    const removed = await xeroControl(world.sandbox, org, 'POST', `/connected-apps/${world.app.clientId}/disconnect`);
    expect(removed.status).toBeLessThan(300);
    const started = Date.now();
    const marked = await eventually(
      'the connection to show as disconnected',
      async () => {
        const [conn] = (await read(world, browser, '/api/connections')).body.xero;
        return conn.status === 'disconnected' ? conn : undefined;
      },
      (2 * 60_000) / CLOCK_SCALE + 2_000,
    );
    expect(marked.statusReason).toBe('disconnected in Xero');
    expect(Date.now() - started).toBeLessThanOrEqual((2 * 60_000) / CLOCK_SCALE + 2_000);
  }, 60_000);
});
