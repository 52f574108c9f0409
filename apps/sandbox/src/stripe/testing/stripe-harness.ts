// Test helpers: a sandbox on a free port with Stripe settings, a fresh account per suite, and the
// official `stripe` client pointed at it, as our billing module points it.
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import Stripe from 'stripe';
import { createSandboxApp } from '../../app.factory';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig, loadSandboxConfig } from '../../sandbox-config';
import { StripeSettings } from '../stripe-settings';

export interface StripeSandbox {
  app: INestApplication;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface TestAccount {
  accountId: string;
  secretKey: string;
  publishableKey: string;
  controlToken: string;
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

export async function startStripeSandbox(stripe: Partial<StripeSettings> = {}): Promise<StripeSandbox> {
  const port = await freePort();
  const base = loadSandboxConfig({
    ...process.env,
    SANDBOX_PORT: String(port),
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  // a receiver in this same process answers late on a loaded machine: a 2 s deadline counted that as a
  // refusal and added retries the tests count exactly
  const config = { ...base, stripe: { webhookRetryMs: 100, webhookTimeoutMs: 30_000, ...stripe } } as SandboxConfig;
  const app = await createSandboxApp(config);
  await app.listen(port, '127.0.0.1');
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const db = app.get(SandboxDatabase);
      await app.close();
      await db.close().catch(() => undefined);
    },
  };
}

export async function createAccount(sb: StripeSandbox): Promise<TestAccount> {
  const res = await fetch(`${sb.url}/stripe-control/accounts`, {
    method: 'POST',
    signal: AbortSignal.timeout(120_000),
  });
  if (res.status !== 201) throw new Error(`createAccount: ${res.status} ${await res.text()}`);
  return (await res.json()) as TestAccount;
}

/** The official client, as the billing module builds it from STRIPE_API_URL. */
export function stripeClient(sb: StripeSandbox, key: string): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: sb.port, protocol: 'http', maxNetworkRetries: 0, timeout: 15_000 });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ad hoc JSON in tests, as the Xero harness's Json
export type Json = any;

/** A control-API call with the account's control token. */
export async function control(
  sb: StripeSandbox,
  account: TestAccount,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sb.url}/stripe-control/accounts/${account.accountId}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${account.controlToken}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A raw form request to /v1, for what the client would never send (hostile input, bad keys). */
export async function raw(
  sb: StripeSandbox,
  method: string,
  path: string,
  opts: { key?: string; form?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: {
      ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
      ...(opts.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...opts.headers,
    },
    body: opts.form,
    redirect: 'manual',
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML
  }
  return { status: res.status, body, headers: res.headers };
}

/** Waits for a condition (no fixed sleeps): polls every 50 ms up to the deadline. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
