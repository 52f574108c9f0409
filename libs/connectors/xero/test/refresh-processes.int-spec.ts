import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { requireEnv } from '#lb/testing';
import { GrantTokens } from '../src/auth/grant-tokens';
import { TokenSet } from '../src/auth/token-set';
import { XeroGrant } from '../src/entities/xero-grant.entity';
import { connectedTenant, harness, Harness } from './connector-harness';
import { startSandboxProcess, SandboxProcess } from './sandbox-process';

// A child process takes 10-30 s to start on a loaded 2-core machine; each is killed after 60 s.

interface Proxy {
  url: string;
  /** The sandbox this proxy forwards to (set once it is started with the proxy as its public URL). */
  target: string;
  refreshes: Array<{ status: number }>;
  /** When set, refresh answers from the sandbox are held until the promise resolves. */
  hold?: Promise<void>;
  onRefreshForwarded?: () => void;
  server: Server;
}

/**
 * A transparent reverse proxy in front of the whole sandbox that counts refresh requests. The
 * sandbox runs with the proxy as its public URL, so the issuer in discovery and in every id_token
 * is the proxy's, as openid-client requires of the issuer it was pointed at.
 */
async function sandboxProxy(): Promise<Proxy> {
  const proxy = { refreshes: [] } as unknown as Proxy;
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const upstream = await new Promise<{ status: number; headers: string[]; body: Buffer }>((resolve, reject) => {
      const out = request(`${proxy.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (d: Buffer) => parts.push(d));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.rawHeaders, body: Buffer.concat(parts) }),
        );
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
    if (req.url?.endsWith('/connect/token') && body.toString().includes('grant_type=refresh_token')) {
      proxy.refreshes.push({ status: upstream.status });
      proxy.onRefreshForwarded?.();
      if (proxy.hold) await proxy.hold;
    }
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  };
  proxy.server = createServer((req, res) => {
    forward(req, res).catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((r) => proxy.server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as { port: number }).port}`;
  return proxy;
}

function child(args: string[]): {
  proc: ChildProcess;
  result: Promise<{ ok: boolean; kind?: string; error?: string } | null>;
} {
  // node itself (not scripts/run.js, whose SIGKILL would leave its child running)
  const proc = spawn(
    process.execPath,
    ['--conditions=lb-source', '-r', '@swc-node/register', 'libs/connectors/xero/test/refresh-child.ts', ...args],
    {
      cwd: `${__dirname}/../../../..`,
      env: { SWC_NODE_PROJECT: 'tsconfig.json', ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const result = new Promise<{ ok: boolean } | null>((resolve) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('exit', () => {
      clearTimeout(t);
      const line = out.split('\n').find((l) => l.startsWith('{"ok"'));
      resolve(line ? JSON.parse(line) : null);
    });
  });
  return { proc, result };
}

describe('token refresh across OS processes (sandbox over HTTP, real PostgreSQL and Redis)', () => {
  let sb: SandboxProcess;
  let h: Harness;
  let proxy: Proxy;

  beforeAll(async () => {
    proxy = await sandboxProxy();
    sb = await startSandboxProcess({
      SANDBOX_DATABASE_URL: requireEnv('SANDBOX_DATABASE_URL'),
      SANDBOX_PUBLIC_URL: proxy.url,
    });
    proxy.target = sb.url;
    h = await harness(proxy.url);
  });
  afterAll(async () => {
    await new Promise((r) => proxy?.server.close(r));
    await h?.close();
    await sb?.stop();
  });

  /** Marks the stored access token as expired so the next use must refresh. */
  async function expire(tokens: GrantTokens, tenantId: string, grantId: string): Promise<void> {
    await h.tx.run(tenantId, async (m) => {
      const g = await m.findOneOrFail(XeroGrant, { where: { id: grantId } });
      const set: TokenSet = { ...(await tokens.readSet(m, g)), expiresAt: new Date(Date.now() - 1000).toISOString() };
      await h.secrets.replace(m, tenantId, g.secretId, 'xero.token_set', JSON.stringify(set));
    });
  }

  const args = (tenantId: string, grantId: string) => [
    tenantId,
    grantId,
    `${proxy.url}/identity`,
    proxy.url,
    h.app.clientId,
    h.app.clientSecret,
  ];

  it('two processes needing a refresh at once: one refresh reaches Xero, both get the new token', async () => {
    const c = h.connector();
    const { tenantId, result } = await connectedTenant(h, proxy.url, c);
    await expire(c.tokens, tenantId, result.grantId);
    proxy.refreshes.length = 0;
    const [a, b] = [child(args(tenantId, result.grantId)), child(args(tenantId, result.grantId))];
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(ra).toMatchObject({ ok: true });
    expect(rb).toMatchObject({ ok: true });
    expect(ra).toEqual(rb); // the same committed access token
    expect(proxy.refreshes).toEqual([{ status: 200 }]);
  });

  it('killing the lock holder after Xero rotated the token causes no invalid_grant (30-minute grace)', async () => {
    const c = h.connector();
    const { tenantId, result } = await connectedTenant(h, proxy.url, c);
    await expire(c.tokens, tenantId, result.grantId);
    proxy.refreshes.length = 0;
    let release!: () => void;
    proxy.hold = new Promise<void>((r) => (release = r));
    const forwarded = new Promise<void>((r) => (proxy.onRefreshForwarded = r));
    const a = child(args(tenantId, result.grantId));
    await Promise.race([
      forwarded,
      new Promise((_, rej) => setTimeout(() => rej(new Error('A never refreshed')), 55_000)),
    ]);
    const b = child(args(tenantId, result.grantId)); // waits on A's lock
    await new Promise((r) => setTimeout(r, 1_500));
    a.proc.kill('SIGKILL'); // dies between Xero's answer and our commit
    proxy.hold = undefined;
    proxy.onRefreshForwarded = undefined;
    release();
    expect(await a.result).toBeNull();
    expect(await b.result).toMatchObject({ ok: true });
    // A's refresh was rotated at Xero (200) and lost; B refreshed the old token within grace
    expect(proxy.refreshes.map((r) => r.status)).toEqual([200, 200]);
    const grant = await h.tx.run(tenantId, (m) => m.findOneOrFail(XeroGrant, { where: { id: result.grantId } }));
    expect(grant.status).toBe('active');
  });
});
