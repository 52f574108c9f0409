import { findFreePort } from '../../../scripts/devstack/ports';
import { AppProcess, startAppProcess } from '../../../scripts/testing/app-process';

export type WorkerProcess = AppProcess;

/**
 * The worker as production runs it: its own OS process, configured only by environment, its logs
 * captured (`output()`). Resolves when its health port answers, i.e. its processors are registered.
 *
 * Its sync sweep is off unless the caller turns it on (the proof worlds do, one at a time): the
 * sweep claims every tenant's due flows in the shared test database and queues them on this
 * worker's own Redis, so a suite's worker left sweeping took a running proof world's polls from it
 * — they failed here (another sandbox, the SSRF guard) and the world's flow sat polled by nobody for
 * minutes (full runs of 1 Dec: sync-both-ways, "nothing moved for 240 s").
 */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await findFreePort();
  return startAppProcess({
    name: 'worker',
    entry: 'apps/worker/src/main.ts',
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
