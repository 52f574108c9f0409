import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SandboxModule } from './sandbox.module';
import { SandboxConfig } from './sandbox-config';

/** Builds the sandbox app; used by main.ts and by tests that start a sandbox on a free port. */
export async function createSandboxApp(config: SandboxConfig): Promise<INestApplication> {
  const app = await NestFactory.create(SandboxModule.forRoot(config), { logger: ['error', 'warn'], rawBody: true });
  app.enableShutdownHooks();
  return app;
}
