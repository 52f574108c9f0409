/** @jest-environment ./apps/sandbox/src/x3/testing/native-require.environment.js */
import { RunningSandbox, TestFolder, control, provisionFolder, startSandbox } from '../testing/x3-test-sandbox';
import { appToken, signTestJwt } from '../testing/x3-test-client';

// A connected application has a "token validity" (the maximum lifetime of a token, 600 s in
// Sage's example) and X3 checks the token's audience (error 45): see docs/connectors/sage-x3.md.
describe('X3 connected-application token checks', () => {
  let sandbox: RunningSandbox;
  let folder: TestFolder;

  beforeAll(async () => {
    sandbox = await startSandbox();
    folder = await provisionFolder(sandbox.url);
  });
  afterAll(() => sandbox?.close());

  const call = async (token: string) => {
    const res = await fetch(`${sandbox.url}/xtrem/api`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-xtrem-endpoint': folder.folder,
      },
      body: JSON.stringify({ query: '{ x3MasterData { currency { read(_id: "EUR") { _id } } } }' }),
      signal: AbortSignal.timeout(120_000),
    });
    return { status: res.status, body: (await res.json()) as { message?: string } };
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token that outlives the application token validity (600 s by default)', async () => {
    const tenYears = await call(appToken(folder, { iat: now() - 2, exp: now() + 10 * 365 * 86_400 }));
    expect(tenYears).toMatchObject({ status: 401, body: { message: 'Error 50: Invalid token' } });
    const tooLong = await call(appToken(folder, { iat: now() - 2, exp: now() - 2 + 601 }));
    expect(tooLong.status).toBe(401);
    const longAgo = await call(appToken(folder, { iat: now() - 3600, exp: now() + 60 }));
    expect(longAgo.status).toBe(401);
    expect((await call(appToken(folder, { iat: now() - 2, exp: now() - 2 + 600 }))).status).toBe(200);
  });

  it("applies each application's own token validity", async () => {
    const app = await control(sandbox.url, folder, 'POST', '/connected-applications', {
      name: 'Short tokens',
      user: 'LBSYNC',
      tokenValiditySeconds: 120,
    });
    expect(app.status).toBe(201);
    const token = (lifetime: number) =>
      signTestJwt(app.body.secret as string, {
        iss: app.body.clientId,
        sub: 'LBSYNC',
        aud: '',
        iat: now() - 2,
        exp: now() - 2 + lifetime,
      });
    expect((await call(token(300))).status).toBe(401);
    expect((await call(token(120))).status).toBe(200);
  });

  it('refuses an audience the application does not name (error 45)', async () => {
    const other = await call(appToken(folder, { aud: 'https://someone-else.example' }));
    expect(other).toMatchObject({ status: 401, body: { message: 'Error 45: Invalid token' } });
    expect((await call(appToken(folder, { aud: ['', 'https://someone-else.example'] }))).status).toBe(401);
    expect((await call(appToken(folder, { aud: '' }))).status).toBe(200);
    expect((await call(appToken(folder, { aud: undefined }))).status).toBe(200);
  });

  it('refuses a token without an expiry', async () => {
    const token = signTestJwt(folder.connectedApplication.secret, {
      iss: folder.connectedApplication.clientId,
      sub: folder.connectedApplication.user,
      aud: '',
      iat: now() - 2,
    });
    expect(await call(token)).toMatchObject({ status: 401, body: { message: 'Error 50: Invalid token' } });
  });
});
