// The soak's processes: the sandboxes (one process, Xero on the scaled clock), N api and M worker
// processes as production runs them (own OS processes, configured by environment only, all on one
// PostgreSQL and one Redis), and an RSS sampler over them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findFreePort } from '../../scripts/devstack/ports';
import { runtimeEnv } from '../../scripts/devstack/child-env';
import { workerNodeFlags } from '../../scripts/devstack/worker-heap';
import type { AppProcess } from '../../scripts/testing/app-process';
import { startSandboxProcess, SandboxProcess } from '../../libs/connectors/xero/test/sandbox-process';
import type { RssSample } from './memory-trend';

export interface SoakApp extends AppProcess {
  name: string;
}

export interface XeroApp {
  clientId: string;
  clientSecret: string;
  webhookKey: string;
}

export function startSoakSandbox(sandboxDatabaseUrl: string, clockScale: number): Promise<SandboxProcess> {
  return startSandboxProcess(
    { SANDBOX_DATABASE_URL: sandboxDatabaseUrl, SANDBOX_CLOCK_SCALE: String(clockScale), LOG_LEVEL: 'warn' },
    180_000,
  );
}

/** Our Xero app at the sandbox, with a callback on every api process (a user may land on any). */
export async function registerXeroApp(sandboxUrl: string, apiUrls: string[]): Promise<XeroApp> {
  const res = await fetch(`${sandboxUrl}/xero-developer/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Ledgerbridge soak',
      redirectUris: apiUrls.flatMap((u) => [`${u}/api/auth/xero/callback`, `${u}/api/xero/callback`]),
    }),
    signal: AbortSignal.timeout(120_000), // backstop only
  });
  if (res.status !== 201) throw new Error(`soak: app registration answered ${res.status} ${await res.text()}`);
  return (await res.json()) as XeroApp;
}

/** Starts `count` processes of one app, one after the other (start-up compiles; in parallel it only thrashes). */
export async function startApps(
  kind: 'api' | 'worker',
  ports: number[],
  env: (port: number) => Record<string, string>,
): Promise<SoakApp[]> {
  const apps: SoakApp[] = [];
  for (const [i, port] of ports.entries()) {
    const name = `${kind}-${i + 1}`;
    const entry = kind === 'api' ? 'apps/api/src/main.ts' : 'apps/worker/src/main.ts';
    const portEnv: Record<string, string> =
      kind === 'api'
        ? { PORT: String(port), HOST: '127.0.0.1' }
        : { WORKER_HTTP_PORT: String(port), WORKER_HTTP_HOST: '127.0.0.1' };
    // a worker with the heap cap it is deployed with (scripts/devstack/worker-heap.ts)
    const flags = kind === 'worker' ? workerNodeFlags() : [];
    const proc = await startApp(name, entry, flags, `http://127.0.0.1:${port}`, { ...env(port), ...portEnv });
    apps.push({ ...proc, name });
  }
  return apps;
}

const ROOT = resolve(__dirname, '../..');
/** Only a backstop: on a 2-core machine shared with other work, compiling an app on start took over 120 s. */
const START_BACKSTOP_MS = Number(process.env.SOAK_START_BACKSTOP_S ?? 900) * 1000;
/** The last output kept per process (it runs for half an hour; all of it would be the soak's own leak). */
const OUTPUT_TAIL = 64 * 1024;

/** As scripts/testing/app-process.ts starts an app (source through SWC, runtime env only), with a longer backstop. */
async function startApp(
  name: string,
  entry: string,
  flags: string[],
  url: string,
  env: Record<string, string>,
): Promise<AppProcess> {
  const child = spawn(process.execPath, [...flags, '--conditions=lb-source', '-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: runtimeEnv({ ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-OUTPUT_TAIL));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_BACKSTOP_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer within ${START_BACKSTOP_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500)); // poll interval
  }
  return { pid: child.pid!, url, output: () => output, stop };
}

export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await findFreePort());
  return [...ports];
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function rssMb(pid: number): number | null {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null; // gone
  }
}

/** RSS of each named process every `everyMs`, from /proc (Linux), timed from `t0`. */
export class RssWatch {
  readonly samples = new Map<string, RssSample[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly procs: Array<{ name: string; pid: number }>,
    private readonly t0: number,
  ) {}

  start(everyMs: number): void {
    const sample = () => {
      const tMs = Date.now() - this.t0;
      for (const p of this.procs) {
        const mb = rssMb(p.pid);
        if (mb === null) continue;
        const list = this.samples.get(p.name) ?? [];
        list.push({ tMs, rssMb: Number(mb.toFixed(1)) });
        this.samples.set(p.name, list);
      }
    };
    sample();
    this.timer = setInterval(sample, everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
