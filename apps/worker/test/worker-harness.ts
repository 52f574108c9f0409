import { findFreePort } from '../../../scripts/devstack/ports';
import { AppProcess, startAppProcess } from '../../../scripts/testing/app-process';

export type WorkerProcess = AppProcess;

/**
 * The worker as production runs it: its own OS process, configured only by environment, its logs
 * captured (`output()`). Resolves when its health port answers, i.e. its processors are registered.
 */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await findFreePort();
  return startAppProcess({
    name: 'worker',
    entry: 'apps/worker/src/main.ts',
    port,
    env: { LOG_LEVEL: 'info', ...env, WORKER_HTTP_PORT: String(port), WORKER_HTTP_HOST: '127.0.0.1' },
  });
}

export async function stopWorker(worker: WorkerProcess | undefined): Promise<void> {
  await worker?.stop();
}
