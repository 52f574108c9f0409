import { findFreePort } from '../../../scripts/devstack/ports';
import { workerNodeFlags } from '../../../scripts/devstack/worker-heap';
import { AppProcess, startAppProcess } from '../../../scripts/testing/app-process';

export type WorkerProcess = AppProcess;

/**
 * The worker as production runs it: its own OS process, configured only by environment, its logs
 * captured (`output()`). Resolves when its health port answers, i.e. its processors are registered.
 *
 * Its heap is capped as deployed (scripts/devstack/worker-heap.ts), so every worker e2e and bench
 * proves the work fits the cap production gives it.
 *
 * Its sync sweep is off unless the caller turns it on (the proof worlds do). The sweep claims every
 * tenant's due flows in its database: a suite's worker left sweeping on the shared test database
 * took a running proof world's polls (full runs of 1 Dec: sync-both-ways, "nothing moved for
 * 240 s"). Suites that start a worker give it a database of their own (isolatedDatabase()).
 */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await findFreePort();
  return startAppProcess({
    name: 'worker',
    entry: 'apps/worker/src/main.ts',
    nodeFlags: workerNodeFlags(),
    port,
    env: {
      LOG_LEVEL: 'info',
      SYNC_SWEEP: 'off',
      ...env,
      WORKER_HTTP_PORT: String(port),
      WORKER_HTTP_HOST: '127.0.0.1',
    },
  });
}

export async function stopWorker(worker: WorkerProcess | undefined): Promise<void> {
  await worker?.stop();
}

/** The settings that point a worker at a Xero world's sandbox and our app registered there. */
export function xeroWorldEnv(world: {
  sandbox: { url: string };
  app: { clientId: string; clientSecret: string; webhookKey: string };
}): Record<string, string> {
  return {
    SANDBOX_URL: world.sandbox.url,
    XERO_CLIENT_ID: world.app.clientId,
    XERO_CLIENT_SECRET: world.app.clientSecret,
    XERO_WEBHOOK_KEY: world.app.webhookKey,
    XERO_IDENTITY_URL: `${world.sandbox.url}/identity`,
    XERO_API_URL: world.sandbox.url,
  };
}
