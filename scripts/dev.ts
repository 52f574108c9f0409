// `npm start`: the whole product on embedded defaults. PostgreSQL (embedded, data in .data/pg)
// and Redis (local redis-server, data in .data/redis) start only when DATABASE_URL / REDIS_URL
// are not set. Then migrations (as the owner role), then the sandbox, the api and the worker as
// separate processes, all built into dist/ by `npm run build` first; each process gets only the
// database URL it needs (devstack/child-env.ts). Ctrl-C stops everything cleanly.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runMigrations } from '../libs/schema/src/migration-runner';
import { runtimeEnv, sandboxEnv } from './devstack/child-env';
import { startStack, Stack } from './devstack/stack';

const ROOT = resolve(__dirname, '..');
const DATA_DIR = join(ROOT, '.data');

/** Development secrets, generated once per checkout and kept out of git in .data/. */
function devSecrets(): Record<string, string> {
  const file = join(DATA_DIR, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secrets = {
    SECRETS_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    SECRETS_ACTIVE_KEY_ID: 'dev1',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    // Our Xero app as registered with the local sandbox (the sandbox plays Xero in development).
    XERO_CLIENT_ID: `ledgerbridge-dev-${randomBytes(4).toString('hex')}`,
    XERO_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    XERO_WEBHOOK_KEY: randomBytes(32).toString('base64'),
  };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function launch(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', entry)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[dev] ${name} exited (${signal ?? code}); stopping the rest`);
      void shutdown(1);
    }
  });
  return child;
}

let stopping = false;
let stack: Stack | undefined;
const children: ChildProcess[] = [];

async function shutdown(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await stack?.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  stack = await startStack({
    dataDir: DATA_DIR,
    persistent: true,
    database: 'ledgerbridge',
    sandboxDatabase: 'ledgerbridge_sandbox',
    env: process.env,
  });
  for (const line of stack.started) console.log(`[dev] started ${line}`);
  const applied = await runMigrations(stack.urls.DATABASE_OWNER_URL);
  if (applied.length) console.log(`[dev] applied migrations: ${applied.join(', ')}`);

  const port = process.env.PORT ?? '3000';
  const sandboxPort = process.env.SANDBOX_PORT ?? '4010';
  const secrets = devSecrets();
  const publicUrl = `http://localhost:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const env: NodeJS.ProcessEnv = {
    APP_ENV: 'development',
    LOG_LEVEL: 'info',
    PUBLIC_URL: publicUrl,
    WEB_DIST_DIR: join(ROOT, 'apps', 'web', 'dist'),
    ALLOW_PRIVATE_TARGETS: 'true',
    SANDBOX_PORT: sandboxPort,
    SANDBOX_URL: sandboxUrl,
    XERO_IDENTITY_URL: `${sandboxUrl}/identity`,
    XERO_API_URL: sandboxUrl,
    SANDBOX_XERO_APPS: JSON.stringify([
      {
        clientId: secrets.XERO_CLIENT_ID,
        clientSecret: secrets.XERO_CLIENT_SECRET,
        name: 'Ledgerbridge (development)',
        redirectUris: [`${publicUrl}/api/auth/xero/callback`, `${publicUrl}/api/xero/callback`],
        webhookUrl: `http://127.0.0.1:${port}/api/xero/webhooks`,
        webhookKey: secrets.XERO_WEBHOOK_KEY,
      },
    ]),
    ...secrets,
    ...process.env,
    ...stack.urls,
    PORT: port,
  };
  children.push(launch('sandbox', 'apps/sandbox/src/main.js', sandboxEnv(env)));
  children.push(launch('worker', 'apps/worker/src/main.js', runtimeEnv(env)));
  children.push(launch('api', 'apps/api/src/main.js', runtimeEnv(env)));
  console.log(
    `[dev] Ledgerbridge: open http://localhost:${port}  (sandbox: http://127.0.0.1:${sandboxPort}, Ctrl-C stops)`,
  );
}

main().catch(async (error) => {
  console.error(`[dev] ${(error as Error).message}`);
  await shutdown(1);
});
