// The live smoke's run (bench/smoke/xero-live.ts is the entry; this is loaded only once the settings are good).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { loadConfig } from '#lb/config';
import { createXeroConnector, xeroSettingsFrom } from '#lb/connectors/xero';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { createDataSource } from '#lb/database';
import { ALL_ENTITIES } from '#lb/schema';
import { CookieBrowser } from '#lb/testing';
import { read } from '../../apps/api/test/xero-world';
import { runMigrations } from '../../libs/schema/src/migration-runner';
import { startStack } from '../../scripts/devstack/stack';
import { TEST_ENV } from '../../scripts/testing/test-env';
import { agreement, Agreement } from '../soak/agreement';
import { freePorts, SoakApp, startApps, startSoakSandbox } from '../soak/processes';
import { SandboxStores } from '../soak/sandbox-stores';
import { connectPairStart, postInvoices, worldOf } from '../soak/tenants';
import { awaitConsent } from './consent-callback';
import { isDemoCompany, LiveConfig } from './live-config';
import { readXeroInvoices } from './xero-invoices';

const say = (m: string) => console.log(`[smoke] ${m}`);
const XERO_API = 'https://api.xero.com';
const AGREE_BACKSTOP_MS = 15 * 60_000;
const CHECK_EVERY_MS = 10_000;

/** The whole run once the settings are known: 0 when the two systems agree, else 1. */
export async function runLiveSmoke(cfg: LiveConfig): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-smoke-'));
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_smoke',
    sandboxDatabase: 'ledgerbridge_sandbox_smoke',
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
  });
  const stops: Array<() => Promise<unknown>> = [
    () => stack.stop(),
    () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  ];
  try {
    await runMigrations(stack.urls.DATABASE_OWNER_URL);
    const sandbox = await startSoakSandbox(stack.urls.SANDBOX_DATABASE_URL, 1);
    stops.unshift(() => sandbox.stop());
    const env = {
      ...TEST_ENV,
      LOG_LEVEL: 'warn',
      ...stack.urls,
      PUBLIC_URL: cfg.publicUrl,
      XERO_CLIENT_ID: cfg.clientId,
      XERO_CLIENT_SECRET: cfg.clientSecret,
      // Xero cannot reach a loopback api with webhooks: the flows' polls carry every change.
      XERO_WEBHOOK_KEY: randomBytes(24).toString('base64'),
      XERO_IDENTITY_URL: 'https://identity.xero.com',
      XERO_API_URL: XERO_API,
      XERO_CLOCK_SCALE: '1',
      ALLOW_PRIVATE_TARGETS: 'true', // the X3 sandbox is on loopback
      SYNC_SWEEP: 'on',
    };
    const [apiPort, workerPort] = await freePorts(2);
    const procs: SoakApp[] = [];
    stops.unshift(async () => Promise.all(procs.map((p) => p.stop())));
    procs.push(...(await startApps('api', [apiPort], () => env)));
    procs.push(...(await startApps('worker', [workerPort], () => env)));
    const apiUrl = procs[0].url;

    // Sign up with Xero: one consent signs in and connects the organisation picked.
    const browser = new CookieBrowser();
    const start = await browser.go(`${apiUrl}/api/auth/xero/login?signup=1`, {
      stopAt: (next) => !next.startsWith(apiUrl),
    });
    const state = new URL(start.url).searchParams.get('state');
    if (!start.url.startsWith('https://login.xero.com/') || !state)
      throw new Error(`the api did not send the browser to Xero's consent: ${start.status} ${start.url}`);
    const consent = await awaitConsent({
      port: cfg.callbackPort,
      path: new URL(cfg.redirectUri).pathname,
      state,
      timeoutMs: cfg.consentMinutes * 60_000,
      host: new URL(cfg.redirectUri).hostname.replace(/^\[|\]$/g, '').replace('localhost', '127.0.0.1'),
    });
    say('Open this URL in your browser, sign in to Xero and allow access to your Demo Company ONLY:');
    console.log(`\n  ${start.url}\n`);
    say(`Waiting up to ${cfg.consentMinutes} min for Xero to send your browser back to ${cfg.redirectUri} …`);
    const params = await consent.params.finally(() => consent.close());
    const back = await browser.go(`${apiUrl}/api/auth/xero/callback?${params.toString()}`, {
      stopAt: (next) => !next.includes('/api/'),
    });
    if (back.url.includes('/sign-in?error=')) throw new Error(`the api refused the sign-in: ${back.url}`);

    const world = worldOf(sandbox.url, apiUrl, {
      clientId: cfg.clientId,
      clientSecret: cfg.clientSecret,
      webhookKey: '',
    });
    const orgs = (
      (await read(world, browser, '/api/connections')).body as { xero: Array<{ id: string; name: string }> }
    ).xero;
    if (orgs.length !== 1)
      throw new Error(
        `pick exactly one organisation at the consent (your Demo Company); ${orgs.length} were connected`,
      );
    if (!isDemoCompany(orgs[0].name) && !cfg.allowAnyOrganisation)
      throw new Error(
        `"${orgs[0].name}" is not a Xero Demo Company: the smoke writes invoices and contacts, so it stops. ` +
          'Set XERO_LIVE_ALLOW_ANY_ORG=1 only for an organisation you mean to write test records to.',
      );
    say(`connected ${orgs[0].name}; pairing it with an X3 sandbox folder and switching the starter flows on`);
    const started = await connectPairStart(world, browser, {
      sandboxUrl: sandbox.url,
      name: 'Live smoke',
      region: cfg.region,
      signInAgain: () =>
        Promise.reject(new Error('the sign-in is older than the recent-sign-in window: run the smoke again')),
    });
    const posted = { customers: [] as string[], invoices: [] as string[] };
    await postInvoices(sandbox.url, { folder: started.folder, posted }, cfg.records, cfg.region, 1);
    say(
      `posted ${posted.invoices.length} X3 invoices (${posted.invoices.join(', ')}) with ${posted.customers.length} new customers`,
    );

    const result = await agreementOf(env, started, posted.invoices, stack.urls.SANDBOX_DATABASE_URL, stops);
    say(
      `agreement: ${result.matched}/${result.expected} in Xero once with equal totals; lost ${result.lost.length}, ` +
        `duplicated ${result.duplicated.length}, amounts differing ${result.amountMismatches.length}`,
    );
    if (!result.agree) console.error(JSON.stringify(result, null, 2));
    say(
      `the Demo Company keeps the ${posted.invoices.length} invoices and their contacts (numbers above); reset it from Xero when you like`,
    );
    return result.agree ? 0 : 1;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

/** Polls both stores until they agree on the posted invoices, or the backstop: Xero through its API, X3 by SQL. */
async function agreementOf(
  env: Record<string, string>,
  t: { tenantId: string; xeroConnectionId: string; folder: { folder: string } },
  numbers: string[],
  sandboxDatabaseUrl: string,
  stops: Array<() => Promise<unknown>>,
): Promise<Agreement> {
  const config = loadConfig(env);
  const ds = await createDataSource(config.DATABASE_URL, ALL_ENTITIES).initialize();
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  const stores = await SandboxStores.open(sandboxDatabaseUrl);
  stops.unshift(
    () => ds.destroy(),
    () => redis.quit(),
    () => stores.close(),
  );
  const xero = createXeroConnector({
    dataSource: ds,
    redis,
    registry: new Registry(),
    secrets: new SecretStore(new SecretBox(KeyRing.parse(config.SECRETS_KEYS, config.SECRETS_ACTIVE_KEY_ID))),
    settings: xeroSettingsFrom(config),
  });
  const org = await xero.orgs.forConnection(t.tenantId, t.xeroConnectionId);
  const deadline = Date.now() + AGREE_BACKSTOP_MS;
  for (;;) {
    const accessToken = await xero.tokens.accessToken(t.tenantId, org.connection.grantId);
    const target = await readXeroInvoices({ apiUrl: XERO_API, accessToken, xeroTenantId: org.xeroTenantId, numbers });
    const result = agreement(await stores.x3Invoices(t.folder.folder, numbers), target);
    if (result.agree || Date.now() > deadline) return result;
    say(`waiting for the sync: ${result.matched}/${result.expected} in Xero`);
    await new Promise((r) => setTimeout(r, CHECK_EVERY_MS)); // polling Xero, kept well under its minute limit
  }
}
