// Test helper: the Xero sandbox as a separate OS process on a free 127.0.0.1 port (the far side
// of the wire: we talk to it over HTTP only), plus the few control calls our tests need.
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { consentAsSandboxUser } from '#lb/sandbox-client';

export interface SandboxProcess {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startSandboxProcess(
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<SandboxProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['scripts/run.js', 'apps/sandbox/src/main.ts'], {
    cwd: `${__dirname}/../../../..`,
    env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_HOST: '127.0.0.1', SANDBOX_PUBLIC_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited ${child.exitCode}: ${output.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/identity/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sandbox did not start in ${timeoutMs} ms: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function json(
  url: string,
  init: RequestInit & { body?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // html
  }
  return { status: res.status, body };
}

export interface SandboxOrg {
  tenantId: string;
  controlToken: string;
  userEmail: string;
  password: string;
}

export async function createOrg(
  sandboxUrl: string,
  userEmail = `u-${randomUUID().slice(0, 8)}@example.test`,
): Promise<SandboxOrg> {
  const r = await json(`${sandboxUrl}/xero-control/organisations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userEmail, country: 'NZ' }),
  });
  if (r.status !== 201) throw new Error(`createOrg ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as SandboxOrg;
}

export async function registerApp(
  sandboxUrl: string,
  redirectUri: string,
  webhookUrl?: string,
): Promise<{ clientId: string; clientSecret: string; webhookKey: string }> {
  const r = await json(`${sandboxUrl}/xero-developer/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `Ledgerbridge test ${randomUUID().slice(0, 6)}`,
      redirectUris: [redirectUri],
      webhookUrl,
    }),
  });
  if (r.status !== 201) throw new Error(`registerApp ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { clientId: string; clientSecret: string; webhookKey: string };
}

export function control(sandboxUrl: string, org: SandboxOrg, method: string, path: string, body?: unknown) {
  return json(`${sandboxUrl}/xero-control/organisations/${org.tenantId}${path}`, {
    method,
    headers: { authorization: `Bearer ${org.controlToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Plays the user in a browser: signs in on the consent URL, allows, returns the redirect with ?code. */
export function consent(consentUrl: string, origin: string, org: SandboxOrg, tenantIds: string[]): Promise<URL> {
  return consentAsSandboxUser({
    consentUrl,
    sandboxUrl: origin,
    email: org.userEmail,
    password: org.password,
    organisationIds: tenantIds,
  });
}
