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
