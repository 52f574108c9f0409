// `npm run test:under-load [-- jest args]`: runs `npm test` while busy-loop processes keep every
// core busy, so tests that only pass on a quiet machine (fixed sleeps, tight time budgets, reads
// racing a state change) fail here instead of in CI. LOAD_PROCESSES overrides the number of hogs
// (default: one per core). The hogs are this script's own children, stopped by pid at the end.
import { ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const BUSY_LOOP = 'for (;;) {}';

function startHogs(count: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore', detached: false }),
  );
}

function stopHogs(hogs: ChildProcess[]): void {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
}

function main(): void {
  const count = Number(process.env.LOAD_PROCESSES ?? availableParallelism());
  if (!Number.isInteger(count) || count < 0) throw new Error(`LOAD_PROCESSES must be a whole number, not ${count}`);
  const hogs = startHogs(count);
  console.log(`test:under-load: ${count} busy-loop processes (pids ${hogs.map((h) => h.pid).join(', ')})`);
  // However this script ends, its hogs end with it.
  process.on('exit', () => stopHogs(hogs));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stopHogs(hogs);
      process.exit(130);
    });
  }
  const started = Date.now();
  const test = spawn('npm', ['test', '--', ...process.argv.slice(2)], { stdio: 'inherit' });
  test.on('exit', (code, signal) => {
    stopHogs(hogs);
    console.log(
      `test:under-load: npm test ended (${code ?? signal}) after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    process.exit(code ?? 1);
  });
}

main();
