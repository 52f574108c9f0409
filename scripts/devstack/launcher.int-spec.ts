import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '#lb/testing';
import { isolatedRedisUrl } from '../testing/redis-db';
import { findFreePort } from './ports';

const ROOT = resolve(__dirname, '../..');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function answers(url: string): Promise<true | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The dev launcher as a user runs it (`npm run launch`, which `npm start` ends in), from source
 * on the test run's PostgreSQL and Redis: a worker killed with SIGKILL is restarted, and SIGINT to
 * the npm process itself stops every child.
 */
describe('dev launcher (npm run launch)', () => {
  let npm: ChildProcess | undefined;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-launcher-'));

  afterAll(() => {
    if (npm?.pid && alive(npm.pid)) npm.kill('SIGKILL');
    for (const pid of startedPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startedPids = () => [...output.matchAll(/\[dev\] \w+ started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  const pidOf = (name: string) => {
    const all = [...output.matchAll(new RegExp(`\\[dev\\] ${name} started \\(pid (\\d+)\\)`, 'g'))];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };

  it('restarts a killed worker and stops everything on SIGINT to npm', async () => {
    const [port, sandboxPort, workerPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    npm = spawn('npm', ['run', '--silent', 'launch'], {
      cwd: ROOT,
      env: {
        ...process.env,
        // Its own Redis database: its worker, configured for its own sandbox, must not take the
        // jobs of the suites running beside it (and then act on their tenants with the wrong Xero).
        REDIS_URL: await isolatedRedisUrl(),
        LB_FROM_SOURCE: '1',
        LB_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        SANDBOX_PORT: String(sandboxPort),
        WORKER_HTTP_PORT: String(workerPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr!.on('data', (c: Buffer) => (output += c.toString()));

    const ready = async () =>
      (await answers(`http://127.0.0.1:${port}/health/live`)) &&
      (await answers(`http://127.0.0.1:${workerPort}/health/live`)) &&
      (await answers(`http://127.0.0.1:${sandboxPort}/health`));
    await eventually('api, worker and sandbox to answer', ready, 150_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.slice(-3000)}`);
    });

    const firstWorker = pidOf('worker')!;
    process.kill(firstWorker, 'SIGKILL');
    await eventually(
      'a new worker that answers',
      async () => {
        const pid = pidOf('worker');
        return pid && pid !== firstWorker && (await answers(`http://127.0.0.1:${workerPort}/health/live`))
          ? pid
          : undefined;
      },
      120_000,
    );
    expect(await answers(`http://127.0.0.1:${port}/health/live`)).toBe(true); // the api never went away

    const children = ['sandbox', 'worker', 'api'].map((n) => pidOf(n)!);
    expect(children.every(alive)).toBe(true);
    const exited = new Promise<number | null>((done) => npm!.once('exit', (code) => done(code)));
    npm.kill('SIGINT');
    expect(await exited).toBe(0);
    await eventually(
      'every child to have stopped',
      () => Promise.resolve(children.some(alive) ? undefined : true),
      30_000,
    );
  });
});
