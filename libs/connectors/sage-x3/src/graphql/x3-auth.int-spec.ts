/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { SandboxFixture, startFixture } from '../testing/sandbox-fixture';
import { createX3Transport } from '../x3-transport.factory';
import { signConnectedAppJwt } from '../auth/x3-credentials';
import { X3AuthError } from '../errors/x3-errors';
import { X3Auth } from '../x3-connection-settings';

describe('X3 connected-application auth against the sandbox', () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx?.close());

  const jwt = () => fx.settings.auth as Extract<X3Auth, { kind: 'jwt' }>;

  it('accepts the signed JWT', async () => {
    const x3 = createX3Transport(fx.settings);
    const customer = await x3.get('customer', 'AE003');
    expect(customer).toMatchObject({ _id: 'AE003', code: 'AE003', currency: 'AED' });
    x3.close();
  });

  it('rejects a wrong secret with an auth error', async () => {
    const x3 = createX3Transport({ ...fx.settings, auth: { ...jwt(), secret: 'not-the-secret' } });
    await expect(x3.get('customer', 'AE003')).rejects.toThrow(X3AuthError);
    await expect(x3.get('customer', 'AE003')).rejects.toThrow('Error 50: Invalid token');
    x3.close();
  });

  it('rejects an expired token', async () => {
    const x3 = createX3Transport({ ...fx.settings, auth: { ...jwt(), ttlSeconds: -30 } });
    await expect(x3.get('customer', 'AE003')).rejects.toThrow(X3AuthError);
    x3.close();
  });

  it('rejects a token issued in the future (error 21) and a user the app does not allow (error 42)', async () => {
    const call = async (token: string) => {
      const res = await fetch(`${fx.sandbox.url}/xtrem/api`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-xtrem-endpoint': fx.folder.folder,
        },
        body: JSON.stringify({ query: '{ x3MasterData { customer { read(_id: "AE003") { _id } } } }' }),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: await res.json() };
    };
    const future = await call(await signConnectedAppJwt(jwt(), Math.floor(Date.now() / 1000) + 120));
    expect(future).toMatchObject({ status: 401, body: { message: 'Error 21: Invalid token' } });
    const otherUser = await call(await signConnectedAppJwt({ ...jwt(), user: 'INTRUDER' }));
    expect(otherUser).toMatchObject({ status: 401, body: { message: 'Error 42: Invalid token' } });
    const unknownApp = await call(await signConnectedAppJwt({ ...jwt(), clientId: 'nobody' }));
    expect(unknownApp).toMatchObject({ status: 401, body: { message: 'Error 41: Invalid token' } });
  });

  it('checks the audience when the connected application names one (error 45)', async () => {
    const app = await fx.control('POST', '/connected-applications', {
      name: 'With audience',
      user: 'LBSYNC',
      audience: 'ledgerbridge',
    });
    expect(app.status).toBe(201);
    const auth = { kind: 'jwt' as const, clientId: app.body.clientId, secret: app.body.secret, user: 'LBSYNC' };
    const right = createX3Transport({ ...fx.settings, auth: { ...auth, audience: 'ledgerbridge' } });
    expect((await right.get('currency', 'EUR')).code).toBe('EUR');
    const wrong = createX3Transport({ ...fx.settings, auth });
    await expect(wrong.get('currency', 'EUR')).rejects.toThrow('Error 45: Invalid token');
    right.close();
    wrong.close();
  });

  it('supports Basic auth for on-premise users', async () => {
    expect((await fx.control('POST', '/basic-users', { user: 'WSUSER', password: 'S3cret!' })).status).toBe(204);
    const ok = createX3Transport({ ...fx.settings, auth: { kind: 'basic', user: 'WSUSER', password: 'S3cret!' } });
    expect((await ok.get('product', 'FIN002')).description1).toBe('Standing desk 160x80');
    const bad = createX3Transport({ ...fx.settings, auth: { kind: 'basic', user: 'WSUSER', password: 'wrong' } });
    await expect(bad.get('product', 'FIN002')).rejects.toThrow(X3AuthError);
    ok.close();
    bad.close();
  });
});
