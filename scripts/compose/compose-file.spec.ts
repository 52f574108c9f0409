import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { getMetadataStorage } from 'class-validator';
import { AppConfig, ConfigError, EnvSchema, loadConfig } from '#lb/config';
import { loadSandboxConfig } from '../../apps/sandbox/src/sandbox-config';
import { loadStripeSettings } from '../../apps/sandbox/src/stripe/stripe-settings';
import { loadXeroSettings } from '../../apps/sandbox/src/xero/xero-settings';
import { launcherEnv } from '../devstack/app-env';
import { runtimeEnv, sandboxEnv } from '../devstack/child-env';
import { generateDevSecrets } from '../devstack/dev-state';
import { WORKER_HEAP_MB, workerNodeFlags } from '../devstack/worker-heap';
import { containerEnv, readComposeFile, serviceRunning } from './compose-file';

const ROOT = resolve(__dirname, '../..');
const compose = readComposeFile(ROOT);
const [sandboxName, sandboxService] = serviceRunning(compose, 'apps/sandbox/src/main');
const apps = {
  api: serviceRunning(compose, 'apps/api/src/main')[1],
  worker: serviceRunning(compose, 'apps/worker/src/main')[1],
};

/** What `npm start` gives its children (devstack/app-env.ts), on the default ports. */
const launcher = launcherEnv({
  root: ROOT,
  port: '3000',
  sandboxPort: '4010',
  secrets: generateDevSecrets(),
  urls: {
    DATABASE_URL: 'postgres://lb_app:pw@127.0.0.1:5432/ledgerbridge',
    DATABASE_OWNER_URL: 'postgres://lb_owner:pw@127.0.0.1:5432/ledgerbridge',
    SANDBOX_DATABASE_URL: 'postgres://lb_sandbox:pw@127.0.0.1:5432/ledgerbridge_sandbox',
    REDIS_URL: 'redis://127.0.0.1:6379',
  },
  env: {},
});

/** Every variable the api and worker read: the properties of their validated schema. */
const APP_SETTINGS = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvSchema, '', true, false)
      .map((m) => m.propertyName),
  ),
];

/** The variables the sandbox's own configuration code reads, recorded as it reads them. */
function sandboxSettingsRead(env: NodeJS.ProcessEnv): Set<string> {
  const read = new Set<string>();
  const watched = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  const config = loadSandboxConfig(watched);
  loadXeroSettings(config, watched);
  loadStripeSettings(config, watched);
  return read;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('docker-compose.yml', () => {
  it("is a Compose file by the Compose specification's JSON schema (vendored in scripts/compose/spec)", () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'spec', 'compose-spec.json'), 'utf8')) as object;
    // The schema's own meta-schema reference is not bundled with ajv; its keywords are draft-07.
    const validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(compose)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    // And the validator refuses what Compose would: a misspelt key, a dependency without a condition.
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.api.enviroment = {};
    broken.services.worker.depends_on = { redis: {} };
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/services/api', '/services/worker/depends_on/redis']));
  });

  it.each(Object.entries(apps))(
    'gives the %s every variable its configuration requires, and each one npm start sets',
    (_name, service) => {
      const env = containerEnv(ROOT, service);
      expect(problemsOf(env)).toEqual([]);
      const config = loadConfig(env) as AppConfig & Record<string, unknown>;
      const given = runtimeEnv(launcher);
      // Set here too, or its default is what the launcher sets (PORT 3000).
      const missing = APP_SETTINGS.filter(
        (name) => given[name] !== undefined && env[name] === undefined && String(config[name]) !== given[name],
      );
      expect(missing).toEqual([]);
      expect(APP_SETTINGS).toEqual(expect.arrayContaining(['DATABASE_URL', 'XERO_CLIENT_ID', 'SANDBOX_URL']));
    },
  );

  it('gives the sandbox every variable its configuration requires, and each one npm start sets that it reads', () => {
    const env = containerEnv(ROOT, sandboxService);
    expect(() => loadXeroSettings(loadSandboxConfig(env), env)).not.toThrow();
    expect(() => loadStripeSettings(loadSandboxConfig(env), env)).not.toThrow();
    const given = sandboxEnv(launcher);
    const missing = [...sandboxSettingsRead(given)].filter((name) => given[name] !== undefined && !(name in env));
    expect(missing).toEqual([]);
    expect([...sandboxSettingsRead(given)]).toEqual(
      expect.arrayContaining([
        'SANDBOX_DATABASE_URL',
        'SANDBOX_XERO_APPS',
        'SANDBOX_PORT',
        'SANDBOX_STRIPE_SECRET_KEY',
        'SANDBOX_STRIPE_WEBHOOKS',
      ]),
    );
  });

  it('wires Sign in with Xero to the sandbox as npm start does: our app registered, one address for the issuer', () => {
    const sandboxEnvHere = containerEnv(ROOT, sandboxService);
    const sandbox = loadSandboxConfig(sandboxEnvHere);
    const [api, worker] = [loadConfig(containerEnv(ROOT, apps.api)), loadConfig(containerEnv(ROOT, apps.worker))];
    // The worker calls Xero with the same app as the api signs in with.
    const [apiSettings, workerSettings] = [api, worker] as Array<Record<string, unknown>>;
    for (const name of APP_SETTINGS) expect([name, workerSettings[name]]).toEqual([name, apiSettings[name]]);

    const registered = loadXeroSettings(sandbox, sandboxEnvHere).apps.find((a) => a.clientId === api.XERO_CLIENT_ID);
    expect(registered).toMatchObject({
      clientSecret: api.XERO_CLIENT_SECRET,
      webhookKey: api.XERO_WEBHOOK_KEY,
      // the App Store listing's "Get this app": Sign up with Xero, as npm start registers it
      signUpUrl: `${api.PUBLIC_URL}/api/auth/xero/login?signup=1`,
    });
    expect(registered!.redirectUris).toEqual(
      expect.arrayContaining([`${api.PUBLIC_URL}/api/auth/xero/callback`, `${api.PUBLIC_URL}/api/xero/callback`]),
    );

    // The browser and the api reach the sandbox at its public URL (the issuer): a loopback address,
    // so the api and worker share its network namespace, and it publishes both ports to the host.
    expect(api.XERO_IDENTITY_URL).toBe(`${sandbox.publicUrl}/identity`);
    expect([api.XERO_API_URL, api.SANDBOX_URL]).toEqual([sandbox.publicUrl, sandbox.publicUrl]);
    expect(['127.0.0.1', 'localhost']).toContain(new URL(sandbox.publicUrl).hostname);
    expect([apps.api.network_mode, apps.worker.network_mode]).toEqual([
      `service:${sandboxName}`,
      `service:${sandboxName}`,
    ]);
    expect(sandbox.host).toBe('0.0.0.0');
    expect(sandboxService.ports).toEqual(
      expect.arrayContaining([`${sandbox.port}:${sandbox.port}`, `${api.PORT}:${api.PORT}`]),
    );
    expect(new URL(api.PUBLIC_URL).port).toBe(String(api.PORT));
    const webhook = new URL(registered!.webhookUrl!);
    expect([webhook.hostname, webhook.port, webhook.pathname]).toEqual([
      '127.0.0.1',
      String(api.PORT),
      '/api/xero/webhooks',
    ]);
  });

  it("wires billing to the sandbox's Stripe as npm start does: our key, our webhook route and secret", () => {
    const sandboxEnvHere = containerEnv(ROOT, sandboxService);
    const sandbox = loadSandboxConfig(sandboxEnvHere);
    const stripe = loadStripeSettings(sandbox, sandboxEnvHere);
    const api = loadConfig(containerEnv(ROOT, apps.api)) as unknown as Record<string, string>;
    expect(api.STRIPE_API_URL).toBe(sandbox.publicUrl);
    expect(stripe.seedSecretKey).toBe(api.STRIPE_SECRET_KEY);
    expect(stripe.seedWebhooks).toEqual([
      { url: `http://127.0.0.1:${api.PORT}/api/billing/stripe/webhooks`, secret: api.STRIPE_WEBHOOK_SECRET },
    ]);
  });

  it('creates in its migrate step the roles and passwords the apps and the sandbox sign in with', () => {
    const [, migrate] = serviceRunning(compose, 'apps/worker/src/cli/db-setup');
    const setup = containerEnv(ROOT, migrate);
    const runtime = new URL(loadConfig(containerEnv(ROOT, apps.api)).DATABASE_URL);
    const sandbox = new URL(loadSandboxConfig(containerEnv(ROOT, sandboxService)).databaseUrl);
    expect([runtime.username, runtime.password, runtime.pathname]).toEqual([
      'lb_app',
      setup.DATABASE_RUNTIME_PASSWORD,
      '/ledgerbridge',
    ]);
    expect([sandbox.username, sandbox.password, sandbox.pathname]).toEqual([
      'lb_sandbox',
      setup.DATABASE_SANDBOX_PASSWORD,
      '/ledgerbridge_sandbox',
    ]);
  });
});

describe('the worker heap cap', () => {
  it('compose starts the worker with the heap cap npm start and the reconciliation bench use, below its container memory', () => {
    const flags = workerNodeFlags({});
    expect(flags).toEqual([`--max-old-space-size=${WORKER_HEAP_MB}`]);
    expect(apps.worker.command?.slice(0, 2)).toEqual(['node', ...flags]);
    const limitMb = Number(/^(\d+)m$/.exec(apps.worker.mem_limit ?? '')?.[1]);
    expect(WORKER_HEAP_MB).toBeLessThanOrEqual(limitMb * 0.75);
    // a larger container's operator raises it; nonsense keeps the default
    expect(workerNodeFlags({ LB_WORKER_HEAP_MB: '1024' })).toEqual(['--max-old-space-size=1024']);
    expect(workerNodeFlags({ LB_WORKER_HEAP_MB: '12' })).toEqual(flags);
    expect(workerNodeFlags({ LB_WORKER_HEAP_MB: 'lots' })).toEqual(flags);
  });
});
