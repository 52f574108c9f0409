import { runtimeEnv, sandboxEnv } from './child-env';

const launcherEnv = {
  PATH: '/usr/bin',
  DATABASE_URL: 'postgres://lb_app:x@127.0.0.1:5432/ledgerbridge',
  DATABASE_OWNER_URL: 'postgres://lb_owner:x@127.0.0.1:5432/ledgerbridge',
  DATABASE_SUPERUSER_URL: 'postgres://postgres:x@127.0.0.1:5432/postgres',
  SANDBOX_DATABASE_URL: 'postgres://lb_sandbox:x@127.0.0.1:5432/ledgerbridge_sandbox',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SECRETS_KEYS: 'dev1:key',
  SESSION_SECRET: 'session',
  XERO_CLIENT_SECRET: 'client-secret',
  STRIPE_SECRET_KEY: 'sk_test_ours',
  STRIPE_WEBHOOK_SECRET: 'whsec_ours',
  SANDBOX_XERO_APPS: '[]',
  SANDBOX_STRIPE_SECRET_KEY: 'sk_test_ours',
  PORT: '3000',
};

describe('the environment each dev process receives', () => {
  it('gives the api and the worker the runtime URL, never the owner or the sandbox database', () => {
    const env = runtimeEnv(launcherEnv);
    expect(env.DATABASE_URL).toBe(launcherEnv.DATABASE_URL);
    expect(env.REDIS_URL).toBe(launcherEnv.REDIS_URL);
    expect(env.SECRETS_KEYS).toBe(launcherEnv.SECRETS_KEYS);
    for (const name of ['DATABASE_OWNER_URL', 'DATABASE_SUPERUSER_URL', 'SANDBOX_DATABASE_URL']) {
      expect(env).not.toHaveProperty(name);
    }
    expect(Object.values(env).join(' ')).not.toMatch(/lb_owner|lb_sandbox|postgres:x/);
  });

  it("gives the sandbox its own database and none of the product's stores or keys", () => {
    const env = sandboxEnv(launcherEnv);
    expect(env).toEqual({
      PATH: '/usr/bin',
      SANDBOX_DATABASE_URL: launcherEnv.SANDBOX_DATABASE_URL,
      SANDBOX_XERO_APPS: '[]',
      SANDBOX_STRIPE_SECRET_KEY: 'sk_test_ours',
      PORT: '3000',
    });
  });

  it('leaves the launcher its own environment intact', () => {
    runtimeEnv(launcherEnv);
    sandboxEnv(launcherEnv);
    expect(launcherEnv.DATABASE_OWNER_URL).toContain('lb_owner');
  });
});
