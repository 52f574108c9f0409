import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor } from './supervisor';

const NODE = process.execPath;

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('dev launcher supervisor', () => {
  it('restarts a child killed with SIGKILL, with growing delays, and stops every child on stop()', async () => {
    const lines: string[] = [];
    const sup = new Supervisor({ backoffMs: 50, maxBackoffMs: 200, healthyAfterMs: 60_000, log: (l) => lines.push(l) });
    const sleeper = { command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'], env: process.env };
    sup.start({ name: 'worker', ...sleeper });
    sup.start({ name: 'api', ...sleeper });
    const first = await waitFor('the worker to start', () => sup.pid('worker'));
    const api = sup.pid('api')!;

    process.kill(first, 'SIGKILL');
    const second = await waitFor('the worker to come back', () => {
      const pid = sup.pid('worker');
      return pid && pid !== first ? pid : undefined;
    });
    process.kill(second, 'SIGKILL');
    await waitFor('a third worker', () => {
      const pid = sup.pid('worker');
      return pid && pid !== second ? pid : undefined;
    });
    // The other child was never touched, and the delays grew (50 ms, then 100 ms).
    expect(sup.pid('api')).toBe(api);
    expect(lines.filter((l) => l.includes('restarting in'))).toEqual([
      '[dev] worker exited (SIGKILL); restarting in 50 ms',
      '[dev] worker exited (SIGKILL); restarting in 100 ms',
    ]);

    const pids = [sup.pid('worker')!, sup.pid('api')!];
    await sup.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(sup.pid('worker')).toBeUndefined();
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const sup = new Supervisor({ stopGraceMs: 200, log: () => undefined });
    const ready = join(mkdtempSync(join(tmpdir(), 'lb-sup-')), 'ready');
    sup.start({
      name: 'stubborn',
      command: NODE,
      args: [
        '-e',
        `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); require('fs').writeFileSync(${JSON.stringify(ready)}, '')`,
      ],
      env: process.env,
    });
    const pid = await waitFor('the child', () => sup.pid('stubborn'));
    await waitFor('the child to ignore SIGTERM', () => (existsSync(ready) ? true : undefined));
    await sup.stop();
    expect(alive(pid)).toBe(false);
  });
});
