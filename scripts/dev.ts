// `npm start`: the whole product on embedded defaults. PostgreSQL (embedded, data in .data/pg)
// and Redis (local redis-server, data in .data/redis) start only when DATABASE_URL / REDIS_URL
// are not set. Then migrations (as the owner role), then the sandbox, the api and the worker as
// separate processes, all built into dist/ by `npm run build` first; each process gets only the
// database URL it needs (devstack/child-env.ts). A child that dies is restarted with backoff
// (devstack/supervisor.ts); Ctrl-C, or SIGINT/SIGTERM to the launcher, stops everything cleanly.
// LB_FROM_SOURCE=1 runs the apps from source (SWC) instead of dist/, and LB_DATA_DIR moves .data/.
import { join, resolve } from 'node:path';
import { runMigrations } from '../libs/schema/src/migration-runner';
import { launcherEnv } from './devstack/app-env';
import { runtimeEnv, sandboxEnv } from './devstack/child-env';
import { clearDevState, dataDirOf, devSecrets, writeDevState } from './devstack/dev-state';
import { startStack, Stack } from './devstack/stack';
import { ChildSpec, Supervisor } from './devstack/supervisor';
import { workerNodeFlags } from './devstack/worker-heap';

const ROOT = resolve(__dirname, '..');
const DATA_DIR = dataDirOf(ROOT, process.env);
const FROM_SOURCE = process.env.LB_FROM_SOURCE === '1';

/** How to run one app: its built file, or (LB_FROM_SOURCE=1) its source through SWC. */
function appSpec(name: string, entry: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildSpec {
  const args = FROM_SOURCE
    ? [...nodeFlags, '--conditions=lb-source', '-r', '@swc-node/register', join(ROOT, `${entry}.ts`)]
    : [...nodeFlags, '--enable-source-maps', join(ROOT, 'dist', `${entry}.js`)];
  return {
    name,
    command: process.execPath,
    args,
    env: FROM_SOURCE ? { ...env, SWC_NODE_PROJECT: 'tsconfig.json' } : env,
  };
}

const supervisor = new Supervisor();
let stopping: Promise<never> | undefined;
let stack: Stack | undefined;

function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    console.error('[dev] stopping');
    clearDevState(DATA_DIR);
    await supervisor.stop();
    await stack?.stop();
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
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
  const env = launcherEnv({
    root: ROOT,
    port,
    sandboxPort,
    secrets: devSecrets(DATA_DIR),
    urls: stack.urls,
    env: process.env,
  });
  // For commands run beside us (`npm run staff:create`): where the servers are (devstack/dev-state.ts).
  writeDevState(DATA_DIR, env);
  supervisor.start(appSpec('sandbox', 'apps/sandbox/src/main', sandboxEnv(env)));
  // the worker's heap capped as deployed (worker-heap.ts): its memory follows its live set, not the host
  supervisor.start(appSpec('worker', 'apps/worker/src/main', runtimeEnv(env), workerNodeFlags(env)));
  supervisor.start(appSpec('api', 'apps/api/src/main', runtimeEnv(env)));
  console.log(
    `[dev] Ledgerbridge: open http://localhost:${port}  (sandbox: http://127.0.0.1:${sandboxPort}, Ctrl-C stops)`,
  );
}

main().catch(async (error) => {
  console.error(`[dev] ${(error as Error).message}`);
  await shutdown(1);
});
