import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CookieBrowser, ownerDataSource, requireEnv } from '#lb/testing';
import { control as xeroControl, http } from '../../sandbox/src/xero/testing/sandbox-harness';
import { control as x3Control, provisionFolder } from '../../sandbox/src/x3/testing/x3-test-sandbox';
import {
  change,
  connectXero,
  newOrg,
  read,
  signInWithXero,
  startXeroWorld,
  uniqueEmail,
  XeroWorld,
} from './xero-world';

const ADMIN_TOKEN = `sandbox-admin-${Date.now()}`;

/** Every value Redis holds, whatever the key's type. */
async function redisDump(url: string): Promise<string> {
  const redis = new Redis(url);
  try {
    const parts: string[] = [];
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      if (type === 'string') parts.push(String(await redis.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      parts.push(key);
    }
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

/** Every row of every table of our database, as text (as the owner role sees it). */
async function databaseDump(owner: DataSource): Promise<string> {
  const tables: Array<{ tablename: string }> = await owner.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
  );
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows: Array<{ row: string }> = await owner.query(`SELECT t::text AS row FROM "${tablename}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('secrets never leak', () => {
  let world: XeroWorld;
  let owner: DataSource;

  beforeAll(async () => {
    process.env.SANDBOX_ADMIN_TOKEN = ADMIN_TOKEN;
    world = await startXeroWorld({ ALLOW_PRIVATE_TARGETS: 'true' }, (url) => ({ SANDBOX_URL: url }), {
      webhooks: true,
      apiProcess: true,
    });
    owner = await ownerDataSource();
  }, 60_000);
  afterAll(async () => {
    await owner?.destroy();
    await world?.close();
    delete process.env.SANDBOX_ADMIN_TOKEN;
  });

  it('no token or secret the sandboxes issued appears in our responses, logs, Redis, database or cookies, raw or base64', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const basic = `Basic ${Buffer.from(`${world.app.clientId}:${world.app.clientSecret}`).toString('base64')}`;
    await http(`${world.sandbox.url}/xero-developer/apps/${world.app.clientId}/webhooks/intent-to-receive`, {
      method: 'POST',
      headers: { authorization: basic },
    });

    // The whole journey: sign in, connect Xero, connect and rotate X3, pair, try the sandbox, a webhook.
    const org = await newOrg(world, uniqueEmail('journey'));
    const browser = new CookieBrowser();
    await signInWithXero(world, browser, org);
    await connectXero(world, browser, org);
    const folder = await provisionFolder(world.sandbox.url);
    const app = folder.connectedApplication;
    const x3 = await change(world, browser, 'POST', '/api/connections/x3', {
      name: 'ERP',
      baseUrl: world.sandbox.url,
      folder: folder.folder,
      companies: [],
      auth: { mode: 'jwt', clientId: app.clientId, secret: app.secret, user: app.user },
    });
    expect(x3.body.status).toBe('ok');
    const rotatedApp = await x3Control(world.sandbox.url, folder, 'POST', '/connected-applications', {
      name: 'Ledgerbridge 2',
      user: app.user,
    });
    const next = rotatedApp.body as { clientId: string; secret: string; user?: string };
    await change(world, browser, 'PATCH', `/api/connections/x3/${x3.body.id}/credentials`, {
      auth: { mode: 'jwt', clientId: next.clientId, secret: next.secret, user: app.user },
    });
    const conns = (await read(world, browser, '/api/connections')).body;
    await change(world, browser, 'POST', '/api/integrations', {
      name: 'Pair',
      xeroConnectionId: conns.xero[0].id,
      x3ConnectionId: x3.body.id,
      x3Company: 'FR10',
    });
    await change(world, browser, 'POST', '/api/connections/xero/refresh');
    await xeroControl(world.sandbox, org, 'POST', '/edits/contacts', { Name: `Leak check ${Date.now()}` });
    const trialOrg = await newOrg(world, uniqueEmail('trial'));
    const trialBrowser = new CookieBrowser();
    await signInWithXero(world, trialBrowser, trialOrg);
    expect((await change(world, trialBrowser, 'POST', '/api/sandbox/try')).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1_500)); // let webhook deliveries land

    const issued = (
      await http(`${world.sandbox.url}/sandbox-control/issued-secrets?since=${encodeURIComponent(started)}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).body as Array<{ kind: string; value: string }>;
    const kinds = new Set(issued.map((s) => s.kind));
    for (const kind of ['access_token', 'refresh_token', 'id_token', 'authorization_code', 'secret', 'controlToken']) {
      expect({ kind, recorded: kinds.has(kind) }).toEqual({ kind, recorded: true });
    }

    const ours = (b: CookieBrowser) =>
      b.seen.filter((p) => p.url.startsWith(world.api.url)).map((p) => `${p.headers}\n${p.body}`); // what we answered (the URL is what the browser asked)
    const haystacks: Record<string, string> = {
      'api responses': [...ours(browser), ...ours(trialBrowser)].join('\n'),
      'api logs': world.apiLogs!(),
      redis: await redisDump(requireEnv('REDIS_URL')),
      database: await databaseDump(owner),
      'browser cookies': [...browser.cookieValues(), ...trialBrowser.cookieValues()].join('\n'),
    };
    expect(haystacks['api logs'].length).toBeGreaterThan(1000); // the logs were really captured
    const leaks: string[] = [];
    for (const { kind, value } of issued) {
      const forms = [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
      for (const [where, text] of Object.entries(haystacks)) {
        if (forms.some((f) => text.includes(f))) leaks.push(`${kind} (${value.slice(0, 6)}…) found in ${where}`);
      }
    }
    expect(leaks).toEqual([]);
    // Negative control: the same search does find issued values where they legitimately are
    // (the sandbox's own redirects carry the authorization codes).
    const sandboxAnswers = browser.seen
      .filter((p) => p.url.startsWith(world.sandbox.url))
      .map((p) => p.headers)
      .join('\n');
    expect(issued.filter((s) => s.kind === 'authorization_code').some((s) => sandboxAnswers.includes(s.value))).toBe(
      true,
    );
  }, 120_000);
});
