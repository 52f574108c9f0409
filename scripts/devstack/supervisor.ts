// Keeps the dev launcher's children alive: a child that dies is restarted with exponential
// backoff (reset once it has stayed up a while), and stop() ends them all (SIGTERM, then SIGKILL).
import { ChildProcess, spawn } from 'node:child_process';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** First restart delay; doubles per crash in a row up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long before dying starts again from the first delay. */
  healthyAfterMs?: number;
  stopGraceMs?: number;
  log?: (line: string) => void;
}

interface Supervised {
  spec: ChildSpec;
  child: ChildProcess | null;
  crashes: number;
  startedAt: number;
  restartTimer: NodeJS.Timeout | null;
}

export class Supervisor {
  private readonly children = new Map<string, Supervised>();
  private stopping = false;
  private readonly opts: Required<SupervisorOptions>;

  constructor(opts: SupervisorOptions = {}) {
    this.opts = {
      backoffMs: 1_000,
      maxBackoffMs: 30_000,
      healthyAfterMs: 60_000,
      stopGraceMs: 8_000,
      log: (line) => console.error(line),
      ...opts,
    };
    // However the launcher ends, its children end with it.
    process.once('exit', () => {
      for (const entry of this.children.values()) entry.child?.kill('SIGKILL');
    });
  }

  start(spec: ChildSpec): void {
    const entry: Supervised = { spec, child: null, crashes: 0, startedAt: 0, restartTimer: null };
    this.children.set(spec.name, entry);
    this.spawn(entry);
  }

  /** The live process id of a child (for tests and operators). */
  pid(name: string): number | undefined {
    return this.children.get(name)?.child?.pid;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map((entry) => {
        if (entry.restartTimer) clearTimeout(entry.restartTimer);
        return this.terminate(entry.child);
      }),
    );
  }

  private spawn(entry: Supervised): void {
    const { spec } = entry;
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'inherit', 'inherit'] });
    entry.child = child;
    entry.startedAt = Date.now();
    this.opts.log(`[dev] ${spec.name} started (pid ${child.pid})`);
    child.on('error', (e) => this.opts.log(`[dev] ${spec.name} could not start: ${e.message}`));
    child.on('exit', (code, signal) => {
      if (entry.child === child) entry.child = null;
      if (this.stopping) return;
      if (Date.now() - entry.startedAt >= this.opts.healthyAfterMs) entry.crashes = 0;
      const delay = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** entry.crashes);
      entry.crashes += 1;
      this.opts.log(`[dev] ${spec.name} exited (${signal ?? code}); restarting in ${delay} ms`);
      entry.restartTimer = setTimeout(() => {
        entry.restartTimer = null;
        if (!this.stopping) this.spawn(entry);
      }, delay);
    });
  }

  private terminate(child: ChildProcess | null): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopGraceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  }
}
