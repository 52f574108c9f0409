import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CookieBrowser } from '#lb/testing';
import { RunningApi, startApi } from './api-harness';
import { newOrg, signInWithXero, uniqueEmail, xeroWorldForSuite } from './xero-world';

/** A built SPA in miniature: an index, a script and the script's source map. */
function fakeSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lb-spa-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
  writeFileSync(join(dir, 'app.js.map'), '{"version":3,"sources":["../src/secret-source.tsx"],"mappings":""}');
  return dir;
}

const get = (url: string) => fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(120_000) });

describe('edge exposure (api, real PostgreSQL and Redis)', () => {
  const spa = fakeSpa();
  const suite = xeroWorldForSuite();
  /** The same product in production mode, on the same database: a session made there is valid here. */
  let production: RunningApi;
  beforeAll(async () => (production = await startApi({ APP_ENV: 'production', WEB_DIST_DIR: spa })));
  afterAll(async () => {
    await production?.close();
    rmSync(spa, { recursive: true, force: true });
  });

  it('keeps source maps private in production but serves the scripts', async () => {
    expect((await get(`${production.url}/app.js`)).status).toBe(200);
    const map = await get(`${production.url}/app.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret-source');
  });

  it('shows the API description only to someone signed in, in production', async () => {
    const anonymous = await get(`${production.url}/api/docs/openapi.json`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, message: expect.stringMatching(/sign in/i) });
    expect((await get(`${production.url}/api/docs`)).status).toBe(401);

    const member = new CookieBrowser();
    await signInWithXero(suite.world, member, await newOrg(suite.world, uniqueEmail('docs')));
    const cookie = `lb_session=${member.cookie(suite.world.api.url, 'lb_session')}`;
    const spec = await fetch(`${production.url}/api/docs/openapi.json`, {
      headers: { cookie },
      signal: AbortSignal.timeout(120_000),
    });
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { info: { title: string } }).info.title).toBe('Ledgerbridge API');
  });

  it('marks every API answer no-store: exports, members, the session, errors', async () => {
    const owner = new CookieBrowser();
    await signInWithXero(suite.world, owner, await newOrg(suite.world, uniqueEmail('nostore')));
    for (const path of ['/api/tenant/export', '/api/tenant/members', '/api/auth/session', '/api/nothing-here']) {
      const res = await owner.go(`${suite.world.api.url}${path}`);
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'no-store']);
    }
    expect((await get(`${suite.world.api.url}/api/auth/session`)).headers.get('cache-control')).toBe('no-store');
  });

  it('writes no session row for anonymous visitors asking who they are', async () => {
    // Rows that hold nothing but a cookie and a CSRF token: what an anonymous look used to leave.
    const empty = async (): Promise<number> =>
      Number(
        (
          await suite.owner.query(
            `SELECT count(*)::int AS n FROM sessions WHERE (data - 'cookie' - 'csrfToken') = '{}'::jsonb`,
          )
        )[0].n,
      );
    const before = await empty();
    for (let i = 0; i < 20; i++) {
      const res = await get(`${suite.world.api.url}/api/auth/session`);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('lb_session='))).toBe(false);
      expect((await res.json()) as unknown).toMatchObject({ signedIn: false, csrfToken: expect.any(String) });
    }
    expect(await empty()).toBe(before);
  });

  it('still protects anonymous changes with a CSRF token, and sign-in still works', async () => {
    const visitor = new CookieBrowser();
    const { csrfToken } = JSON.parse((await visitor.go(`${suite.world.api.url}/api/auth/session`)).text) as {
      csrfToken: string;
    };
    const login = { email: 'nobody@example.test', password: 'wrong-password' };
    const withToken = await visitor.go(`${suite.world.api.url}/api/staff/login`, {
      method: 'POST',
      json: login,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(withToken.status).toBe(401); // reached the password check
    const wrongToken = await visitor.go(`${suite.world.api.url}/api/staff/login`, {
      method: 'POST',
      json: login,
      headers: { 'x-csrf-token': `${csrfToken.slice(1)}x` },
    });
    expect(wrongToken.status).toBe(403);
    const stranger = new CookieBrowser(); // another browser cannot use this visitor's token
    const replayed = await stranger.go(`${suite.world.api.url}/api/staff/login`, {
      method: 'POST',
      json: login,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(replayed.status).toBe(403);

    const landed = await signInWithXero(suite.world, visitor, await newOrg(suite.world, uniqueEmail('anon')));
    expect(landed).toBe('/');
    expect(JSON.parse((await visitor.go(`${suite.world.api.url}/api/auth/session`)).text)).toMatchObject({
      signedIn: true,
    });
  });
});

describe('edge exposure in development mode', () => {
  const spa = fakeSpa();
  let api: RunningApi;
  beforeAll(async () => (api = await startApi({ APP_ENV: 'development', WEB_DIST_DIR: spa })));
  afterAll(async () => {
    await api?.close();
    rmSync(spa, { recursive: true, force: true });
  });

  it('serves source maps and the API description to developers', async () => {
    expect((await get(`${api.url}/app.js.map`)).status).toBe(200);
    expect((await get(`${api.url}/api/docs/openapi.json`)).status).toBe(200);
  });
});
