import { INestApplication } from '@nestjs/common';
import { testConfig } from '#lb/testing';
import { createApiApp } from '../src/app.factory';

export interface RunningApi {
  app: INestApplication;
  url: string;
  close: () => Promise<void>;
}

/** The api as production builds it, on a free loopback port, with the test run's services. */
export async function startApi(overrides: Record<string, string> = {}, port = 0): Promise<RunningApi> {
  const app = await createApiApp(testConfig({ LOG_LEVEL: 'silent', ...overrides }));
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address();
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface ApiProcess {
  url: string;
  /** Everything the process wrote to stdout and stderr (its pino logs). */
  output: () => string;
  close: () => Promise<void>;
}

/** The api as its own OS process (as production runs it), for tests that read its logs. */
export async function startApiProcess(env: Record<string, string>, port: number): Promise<ApiProcess> {
  const { spawn } = await import('node:child_process');
  const { resolve } = await import('node:path');
  const child = spawn(
    process.execPath,
    ['--conditions=lb-source', '-r', '@swc-node/register', 'apps/api/src/main.ts'],
    {
      cwd: resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.json',
        LOG_LEVEL: 'debug',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`api did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
