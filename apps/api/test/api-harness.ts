import { INestApplication } from '@nestjs/common';
import { testConfig } from '#lb/testing';
import { startAppProcess } from '../../../scripts/testing/app-process';
import { createApiApp } from '../src/app.factory';

export interface RunningApi {
  app: INestApplication;
  url: string;
  close: () => Promise<void>;
}

/** The api as production builds it, on a free loopback port, with the test run's services. */
export async function startApi(overrides: Record<string, string> = {}, port = 0): Promise<RunningApi> {
  const app = await createApiApp(testConfig({ LOG_LEVEL: 'silent', ...overrides }));
  try {
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    // e.g. EADDRINUSE (the caller may retry on another port): its pools must not outlive it
    await app.close().catch(() => undefined);
    throw error;
  }
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
  const proc = await startAppProcess({
    name: 'api',
    entry: 'apps/api/src/main.ts',
    port,
    env: { LOG_LEVEL: 'debug', ...env, PORT: String(port), HOST: '127.0.0.1' },
  });
  return { url: proc.url, output: proc.output, close: proc.stop };
}
