// Test world for sign-in and connection flows: the Xero sandbox in-process, our app registered
// with it, and the api configured to use it exactly as production is configured to use Xero.
import { findFreePort } from '../../../scripts/devstack/ports';
import { createOrg, http, Sandbox, startSandbox, TestOrg } from '../../sandbox/src/xero/testing/sandbox-harness';
import { parse } from 'node-html-parser';
import { DataSource } from 'typeorm';
import { composeEmail, OutboundEmail } from '#lb/accounts';
import { KeyRing, SecretBox, SecretStore } from '#lb/crypto';
import { CookieBrowser, ownerDataSource, requireEnv } from '#lb/testing';
import { RunningApi, startApi, startApiProcess } from './api-harness';

export interface XeroWorld {
  sandbox: Sandbox;
  api: Pick<RunningApi, 'url' | 'close'> & Partial<Pick<RunningApi, 'app'>>;
  /** With `apiProcess`, the api's own log output. */
  apiLogs?: () => string;
  app: { clientId: string; clientSecret: string; webhookKey: string };
  /** The environment the api was given on top of the test run's (Xero app, URLs): a worker takes the same. */
  env: Record<string, string>;
  close: () => Promise<void>;
}

/** How many times a world start tries fresh ports when one it picked was taken before it could listen. */
const PORT_ATTEMPTS = 3;

const addressInUse = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

export async function startXeroWorld(
  overrides: Record<string, string> = {},
  fromSandbox: (sandboxUrl: string) => Record<string, string> = () => ({}),
  opts: { webhooks?: boolean; apiProcess?: boolean } = {},
): Promise<XeroWorld> {
  const sandbox = await startSandbox();
  try {
    // The api's port is picked before it listens (Xero must know the redirect URIs first); under
    // load another process can take it in between, so a clash picks a new port and registers again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await startApiOnSandbox(sandbox, overrides, fromSandbox, opts);
      } catch (error) {
        if (!addressInUse(error) || attempt >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    // a half-started world would keep its server and database pool open and jest from exiting
    await sandbox.close().catch(() => undefined);
    throw error;
  }
}

async function startApiOnSandbox(
  sandbox: Sandbox,
  overrides: Record<string, string>,
  fromSandbox: (sandboxUrl: string) => Record<string, string>,
  opts: { webhooks?: boolean; apiProcess?: boolean },
): Promise<XeroWorld> {
  const port = await findFreePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const reg = await http(`${sandbox.url}/xero-developer/apps`, {
    method: 'POST',
    json: {
      name: `Ledgerbridge test ${port}`,
      redirectUris: [`${publicUrl}/api/auth/xero/callback`, `${publicUrl}/api/xero/callback`],
      ...(opts.webhooks ? { webhookUrl: `${publicUrl}/api/xero/webhooks` } : {}),
    },
  });
  if (reg.status !== 201) throw new Error(`app registration failed: ${reg.status} ${reg.text}`);
  const app = reg.body as XeroWorld['app'];
  const env = {
    PUBLIC_URL: publicUrl,
    XERO_CLIENT_ID: app.clientId,
    XERO_CLIENT_SECRET: app.clientSecret,
    XERO_WEBHOOK_KEY: app.webhookKey,
    XERO_IDENTITY_URL: `${sandbox.url}/identity`,
    XERO_API_URL: sandbox.url,
    ...fromSandbox(sandbox.url),
    ...overrides,
  };
  if (opts.apiProcess) {
    const proc = await startApiProcess(env, port);
    return {
      sandbox,
      api: proc,
      apiLogs: proc.output,
      app,
      env,
      close: async () => (await proc.close(), await sandbox.close()),
    };
  }
  const api = await startApi(env, port);
  return { sandbox, api, app, env, close: async () => (await api.close(), await sandbox.close()) };
}

export function newOrg(world: XeroWorld, email: string, country = 'NZ'): Promise<TestOrg> {
  return createOrg(world.sandbox, email, country);
}

/** Where the sandbox's login or consent form on a page posts to (found by the HTML parser), if it has one. */
function sandboxForm(page: { text: string; url: string }, kind: 'login' | 'consent'): string | undefined {
  const action = parse(page.text)
    .querySelectorAll('form[action]')
    .map((form) => form.getAttribute('action') ?? '')
    .find((a) => a.endsWith(`/${kind}`));
  return action ? new URL(action, page.url).toString() : undefined;
}

/** Sign in at Xero and allow, but stop at the redirect back to us: returns the callback URL. */
export async function authoriseAtXero(
  world: XeroWorld,
  browser: CookieBrowser,
  org: TestOrg,
  query = '',
): Promise<string> {
  const login = await browser.go(`${world.api.url}/api/auth/xero/login${query}`);
  const loginAction = sandboxForm(login, 'login');
  if (!loginAction)
    throw new Error(`no Xero login form (${login.status} at ${login.url}): ${login.text.slice(0, 300)}`);
  const consent = await browser.go(loginAction, {
    method: 'POST',
    form: { email: org.userEmail, password: org.password },
  });
  const consentAction = sandboxForm(consent, 'consent');
  if (!consentAction) throw new Error(`no consent form (${consent.status}): ${consent.text.slice(0, 300)}`);
  const back = await browser.go(consentAction, {
    method: 'POST',
    form: { decision: 'allow', tenantIds: [org.tenantId] },
    stopAt: (next) => next.startsWith(`${world.api.url}/api/auth/xero/callback`),
  });
  return back.url;
}

/** What a person does: click "Sign in with Xero", log in at Xero, allow, come back. */
export async function signInWithXero(
  world: XeroWorld,
  browser: CookieBrowser,
  org: TestOrg,
  query = '',
): Promise<string> {
  const callback = await authoriseAtXero(world, browser, org, query);
  const back = await browser.go(callback, { stopAt: (next) => !next.includes('/api/') });
  const landed = back.url.slice(world.api.url.length);
  // Fail here, naming the sign-in, rather than later as a puzzling 401 (tests of refused sign-ins use browser.go).
  if (landed.startsWith('/sign-in?error='))
    throw new Error(`Sign in with Xero as ${org.userEmail} failed: the api sent the browser to ${landed}`);
  return landed;
}

/** A unique address for a sandbox demo user. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

/**
 * The invitation link's token as the invitee's inbox gets it: the outbox row composed as the mail
 * transport composes it (its link opened from `secrets`; the stored body never holds it).
 */
export async function invitationToken(owner: DataSource, email: string): Promise<string> {
  const row = await owner.manager.findOne(OutboundEmail, {
    where: { toAddress: email.toLowerCase() },
    order: { createdAt: 'DESC' },
  });
  if (!row) throw new Error(`no invitation email for ${email}`);
  const box = new SecretBox(KeyRing.parse(requireEnv('SECRETS_KEYS'), requireEnv('SECRETS_ACTIVE_KEY_ID')));
  const sent = await composeEmail(owner.manager, new SecretStore(box), row, 'https://ledgerbridge.test');
  const token = /#token=([A-Za-z0-9_-]+)/.exec(sent)?.[1];
  if (!token) throw new Error(`no invitation link in the email to ${email}`);
  return token;
}

/** The api's view of this browser's session, and the CSRF token to send with changes. */
export async function sessionOf(world: XeroWorld, browser: CookieBrowser) {
  const res = await browser.go(`${world.api.url}/api/auth/session`);
  return JSON.parse(res.text) as {
    signedIn: boolean;
    csrfToken: string;
    user?: { id: string; email: string };
    tenant?: { id: string; name: string };
    role?: string;
    tenants?: Array<{ id: string; name: string; role: string }>;
  };
}

/** A state-changing call as the SPA makes it: JSON body and the CSRF header. */
export async function change(world: XeroWorld, browser: CookieBrowser, method: string, path: string, json?: unknown) {
  const { csrfToken } = await sessionOf(world, browser);
  const res = await browser.go(`${world.api.url}${path}`, {
    method,
    json: json ?? {},
    headers: { 'x-csrf-token': csrfToken },
  });
  return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
}

export async function read(world: XeroWorld, browser: CookieBrowser, path: string) {
  const res = await browser.go(`${world.api.url}${path}`);
  return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
}

/**
 * Goes through whatever the sandbox's identity pages ask (login if needed, then consent picking
 * `tenantIds`) and stops when the browser is sent back to `stopPrefix` on our api.
 */
export async function passXero(
  browser: CookieBrowser,
  startUrl: string,
  org: TestOrg,
  stopPrefix: string,
  tenantIds = [org.tenantId],
) {
  let page = await browser.go(startUrl, { stopAt: (next) => next.startsWith(stopPrefix) });
  for (let step = 0; step < 3 && !page.url.startsWith(stopPrefix); step++) {
    const login = sandboxForm(page, 'login');
    const consent = sandboxForm(page, 'consent');
    if (login) {
      page = await browser.go(login, {
        method: 'POST',
        form: { email: org.userEmail, password: org.password },
        stopAt: (next) => next.startsWith(stopPrefix),
      });
    } else if (consent) {
      page = await browser.go(consent, {
        method: 'POST',
        form: { decision: 'allow', tenantIds },
        stopAt: (next) => next.startsWith(stopPrefix),
      });
    } else throw new Error(`unexpected page ${page.status} at ${page.url}: ${page.text.slice(0, 200)}`);
  }
  if (!page.url.startsWith(stopPrefix)) throw new Error(`did not come back to ${stopPrefix}: ${page.url}`);
  return page.url;
}

/** Connect Xero from the settings page: consent at the sandbox, then our callback; returns where we landed. */
export async function connectXero(
  world: XeroWorld,
  browser: CookieBrowser,
  org: TestOrg,
  tenantIds = [org.tenantId],
): Promise<URL> {
  const callback = await passXero(
    browser,
    `${world.api.url}/api/xero/connect?returnTo=/settings/connections`,
    org,
    `${world.api.url}/api/xero/callback`,
    tenantIds,
  );
  const landed = await browser.go(callback, { stopAt: (next) => !next.includes('/api/') });
  return new URL(landed.url);
}

/**
 * A hook's own backstop for starting a world: a spec's jest.setTimeout is sized for its tests, and
 * starting a world (sandbox, api, database pools) took over a minute on a loaded 2-core CI machine.
 * The same value as the integration project's backstop (scripts/testing/integration-timeout.ts).
 */
export const WORLD_START_MS = 300_000;

/**
 * A suite's world and owner-role DataSource, started before its tests and closed after them.
 * If the start fails or times out, every use of `world` or `owner` fails with the reason (the
 * start's own error, or how long it had been starting), not with a TypeError on undefined.
 */
export function xeroWorldForSuite(overrides: Record<string, string> = {}): {
  readonly world: XeroWorld;
  readonly owner: DataSource;
} {
  let ready: { world: XeroWorld; owner: DataSource } | undefined;
  let failure: Error | undefined;
  let startedAt: number | undefined;
  let starting: Promise<XeroWorld> | undefined;
  let owner: Promise<DataSource> | undefined;
  const use = () => {
    if (ready) return ready;
    if (failure) throw failure;
    if (startedAt === undefined) throw new Error("the suite's Xero world is used before its beforeAll ran");
    throw new Error(
      `the suite's Xero world was still starting after ${Date.now() - startedAt} ms (its beforeAll timed out; limit ${WORLD_START_MS} ms)`,
    );
  };
  beforeAll(async () => {
    startedAt = Date.now();
    starting = startXeroWorld(overrides);
    owner = starting.then(() => ownerDataSource());
    try {
      ready = { world: await starting, owner: await owner };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failure = new Error(`the suite's Xero world did not start (after ${Date.now() - startedAt} ms): ${reason}`, {
        cause: error,
      });
      throw failure;
    }
  }, WORLD_START_MS);
  afterAll(async () => {
    // a start that outlived its hook is closed too, once it settles
    const settled = <T>(p: Promise<T> | undefined) => p?.catch(() => undefined);
    await (await settled(owner))?.destroy();
    await (await settled(starting))?.close();
  }, WORLD_START_MS);
  return {
    get world() {
      return use().world;
    },
    get owner() {
      return use().owner;
    },
  };
}
