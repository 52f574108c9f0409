import { DynamicModule, Global, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SandboxDatabase } from '../../db/sandbox-database';
import { SandboxConfig, loadSandboxConfig } from '../../sandbox-config';
import { X3SandboxModule } from '../x3-sandbox.module';
import { keepConnectionsAlive } from '../../http-keep-alive';

/** Only the X3 simulator, so X3 tests do not depend on the Xero simulator's start-up. */
@Global()
@Module({})
export class X3OnlyRootModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: X3OnlyRootModule,
      providers: [{ provide: SandboxDatabase, useFactory: () => new SandboxDatabase(config.databaseUrl) }],
      exports: [SandboxDatabase],
      imports: [X3SandboxModule.forRoot(config)],
    };
  }
}

export interface TestFolder {
  folder: string;
  controlToken: string;
  connectedApplication: { clientId: string; secret: string; user: string; audience: string };
}

export interface RunningSandbox {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the whole sandbox in-process on 127.0.0.1 and a free port. */
export async function startSandbox(env: Record<string, string> = {}): Promise<RunningSandbox> {
  const config = loadSandboxConfig({ ...process.env, ...env, SANDBOX_PORT: '0', SANDBOX_HOST: '127.0.0.1' });
  const app = await NestFactory.create(X3OnlyRootModule.forRoot(config), { logger: ['error', 'warn'] });
  keepConnectionsAlive(app.getHttpServer());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const db = app.get(SandboxDatabase);
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/**
 * Only a backstop against a hung sandbox, under the integration tests' own 300 s: seeding a folder
 * took over 30 s on a loaded 2-core machine, so a tighter limit failed tests that would pass.
 */
const REQUEST_BACKSTOP_MS = 150_000;

export async function provisionFolder(url: string): Promise<TestFolder> {
  const res = await fetch(`${url}/x3-control/folders`, {
    method: 'POST',
    signal: AbortSignal.timeout(REQUEST_BACKSTOP_MS),
  });
  if (res.status !== 201) throw new Error(`provision failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as TestFolder;
}

/** Calls the folder's control API with its token. */
export async function control(
  url: string,
  folder: TestFolder,
  method: string,
  path: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any control-API answer; suites across the repo read it as loose JSON
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/x3-control/folders/${folder.folder}${path}`, {
    method,
    headers: { authorization: `Bearer ${folder.controlToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_BACKSTOP_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
