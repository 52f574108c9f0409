// Test helpers: start the sandbox in-process on a free 127.0.0.1 port, make an organisation and
// an app, and drive the OAuth flow as a browser would (cookies, redirects, form posts).
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createSandboxApp } from '../../app.factory';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig, loadSandboxConfig } from '../../sandbox-config';
import { requireEsm } from '../core/esm';
import { XeroSettings } from '../xero-settings';

export interface Sandbox {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startSandbox(
  opts: { clockScale?: number; xero?: Partial<XeroSettings>; port?: number } = {},
): Promise<Sandbox> {
  // The port is picked before the (slow, under load) app creation, as the config needs its public
  // URL: another process can take it in between, so a clash on a picked port tries a fresh one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSandboxOn(opts.port ?? (await freePort()), opts);
    } catch (error) {
      const clash = (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
      if (!clash || opts.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startSandboxOn(
  port: number,
  opts: { clockScale?: number; xero?: Partial<XeroSettings> },
): Promise<Sandbox> {
  const base = loadSandboxConfig({
    ...process.env,
    SANDBOX_PORT: String(port),
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const config = { ...base, port, clockScale: opts.clockScale ?? base.clockScale, xero: opts.xero } as SandboxConfig;
  const app = await createSandboxApp(config);
  // The sandbox's pool is not closed by Nest; close it so jest can exit promptly.
  const close = async () => {
    const db = app.get(SandboxDatabase);
    await app.close();
    await db.close().catch(() => undefined);
  };
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { app, url: `http://127.0.0.1:${port}`, close };
}

/**
 * A parsed JSON response body. Tests read bodies of many shapes ad hoc and the no-unsafe-* rules
 * are off for tests (eslint.config.mjs); typing every shape would only add casts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one alias for ad hoc JSON in tests, see above
export type Json = any;

export async function http(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Json; text: string }> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, {
    ...init,
    headers,
    body,
    redirect: 'manual',
    // a backstop against a hang, not a budget: provisioning an organisation took over 15 s on a loaded host
    signal: init.signal ?? AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML or empty
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export interface TestOrg {
  tenantId: string;
  controlToken: string;
  userEmail: string;
  password: string;
}

export async function createOrg(sb: Sandbox, userEmail: string, country = 'NZ'): Promise<TestOrg> {
  const res = await http(`${sb.url}/xero-control/organisations`, { method: 'POST', json: { userEmail, country } });
  if (res.status !== 201) throw new Error(`createOrg: ${res.status} ${res.text}`);
  return res.body as TestOrg;
}

export interface TestApp {
  clientId: string;
  clientSecret: string;
  webhookKey: string;
  redirectUri: string;
}

export async function registerApp(
  sb: Sandbox,
  name: string,
  webhookUrl?: string,
  appType: 'web' | 'pkce' = 'web',
): Promise<TestApp> {
  const redirectUri = 'http://localhost:5999/callback';
  const res = await http(`${sb.url}/xero-developer/apps`, {
    method: 'POST',
    json: { name, redirectUris: [redirectUri], webhookUrl, appType },
  });
  if (res.status !== 201) throw new Error(`registerApp: ${res.status} ${res.text}`);
  return { ...(res.body as TestApp), redirectUri };
}

export function basic(app: TestApp): string {
  return `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
}

export const ALL_SCOPES =
  'openid profile email offline_access accounting.transactions accounting.contacts accounting.settings';

type OidcClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });

export function openidClient(): OidcClient {
  return requireEsm<OidcClient>('openid-client');
}

/** A tiny browser: follows redirects on the sandbox, keeps cookies, stops at the app's redirect URI. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  async go(
    url: string,
    init: { method?: string; form?: Record<string, string | string[]> } = {},
  ): Promise<{ url: string; status: number; html: string }> {
    let current = new URL(url, this.origin).toString();
    let method = init.method ?? 'GET';
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of ([] as string[]).concat(v)) params.append(k, one);
      body = params.toString();
    }
    for (let hops = 0; hops < 15; hops++) {
      if (!current.startsWith(this.origin)) return { url: current, status: 302, html: '' };
      const res = await fetch(current, {
        method,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(120_000),
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).toString();
        method = 'GET';
        body = undefined;
        await res.arrayBuffer();
        continue;
      }
      return { url: current, status: res.status, html: await res.text() };
    }
    throw new Error('too many redirects');
  }
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  claims?: () => Record<string, unknown> | undefined;
}

/** Logs the user in and picks organisations; returns the URL the browser is sent back to. */
export async function consentInBrowser(
  sb: Sandbox,
  authorizeUrl: string,
  org: TestOrg,
  redirectUri: string,
  tenantIds?: string[],
): Promise<string> {
  const browser = new Browser(sb.url);
  const login = await browser.go(authorizeUrl);
  const uid = /\/identity\/interaction\/([^/"]+)\/login/.exec(login.html)?.[1];
  if (!uid) throw new Error(`no login form: ${login.status} ${login.html.slice(0, 300)}`);
  const consent = await browser.go(`/identity/interaction/${uid}/login`, {
    method: 'POST',
    form: { email: org.userEmail, password: org.password },
  });
  const uid2 = /\/identity\/interaction\/([^/"]+)\/consent/.exec(consent.html)?.[1];
  if (!uid2) throw new Error(`no consent form: ${consent.status} ${consent.html.slice(0, 300)}`);
  const done = await browser.go(`/identity/interaction/${uid2}/consent`, {
    method: 'POST',
    form: { decision: 'allow', tenantIds: tenantIds ?? [org.tenantId] },
  });
  if (!done.url.startsWith(redirectUri))
    throw new Error(`did not reach the redirect URI: ${done.url} ${done.html.slice(0, 300)}`);
  return done.url;
}

/** The whole code flow as a confidential client with PKCE, state and nonce, via openid-client. */
export async function authorize(
  sb: Sandbox,
  app: TestApp,
  org: TestOrg,
  opts: { tenantIds?: string[]; scope?: string; auth?: 'basic' | 'post' | 'none' } = {},
): Promise<{ tokens: Tokens; config: unknown }> {
  const oc = openidClient();
  const auth =
    opts.auth === 'none'
      ? oc.None()
      : opts.auth === 'post'
        ? oc.ClientSecretPost(app.clientSecret)
        : oc.ClientSecretBasic(app.clientSecret);
  const config = await oc.discovery(new URL(`${sb.url}/identity`), app.clientId, undefined, auth, {
    execute: [oc.allowInsecureRequests],
  });
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const nonce = oc.randomNonce();
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: opts.scope ?? ALL_SCOPES,
    state,
    nonce,
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const callback = await consentInBrowser(sb, url.toString(), org, app.redirectUri, opts.tenantIds);
  const tokens = await oc.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return { tokens: tokens as unknown as Tokens, config };
}

/** Calls the Accounting API as an app would. */
export function api(sb: Sandbox, token: string, tenantId: string) {
  return (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) =>
    http(`${sb.url}/api.xro/2.0${path}`, {
      method,
      json,
      headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenantId, accept: 'application/json', ...headers },
    });
}

export async function control(sb: Sandbox, org: TestOrg, method: string, path: string, json?: unknown) {
  return http(`${sb.url}/xero-control/organisations/${org.tenantId}${path}`, {
    method,
    json,
    headers: { authorization: `Bearer ${org.controlToken}` },
  });
}

export function uniq(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export interface ApiFixture {
  sb: Sandbox;
  org: TestOrg;
  app: TestApp;
  token: string;
  call: ReturnType<typeof api>;
}

/** A sandbox with one fresh organisation and one authorised app: what most API suites need. */
export async function apiFixture(
  name: string,
  opts: Parameters<typeof startSandbox>[0] = {},
  country = 'NZ',
): Promise<ApiFixture> {
  const sb = await startSandbox(opts);
  const org = await createOrg(sb, `${uniq(name)}@example.test`, country);
  const app = await registerApp(sb, uniq(name));
  const { tokens } = await authorize(sb, app, org);
  return { sb, org, app, token: tokens.access_token, call: api(sb, tokens.access_token, org.tenantId) };
}
