// One of our apps (api or worker) as its own OS process, as production runs it: compiled from
// source on load, configured only by environment, its stdout and stderr (pino logs) captured.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { runtimeEnv } from '../devstack/child-env';

const ROOT = resolve(__dirname, '../..');
/** Only a backstop against a process that never comes up; readiness itself is polled. */
const START_BACKSTOP_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export interface AppProcess {
  pid: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** SIGTERM, then SIGKILL if it has not exited within a grace period. */
  stop: () => Promise<void>;
}

/**
 * Starts `entry` (e.g. apps/worker/src/main.ts) and resolves once `healthPath` on `port` answers
 * 2xx: the app has finished initialising (both apps listen only after Nest's init).
 */
export async function startAppProcess(opts: {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
  healthPath?: string;
  /** Node flags before the entry, e.g. the worker's heap cap. */
  nodeFlags?: string[];
}): Promise<AppProcess> {
  const args = [...(opts.nodeFlags ?? []), '--conditions=lb-source', '-r', '@swc-node/register', opts.entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // As the dev launcher does: the runtime database URL only, never the owner's or set-up credentials.
    env: runtimeEnv({ ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_BACKSTOP_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}${opts.healthPath ?? '/health/live'}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.name} did not answer within ${START_BACKSTOP_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200)); // poll interval
  }
  return { pid: child.pid!, url, output: () => output, stop };
}
