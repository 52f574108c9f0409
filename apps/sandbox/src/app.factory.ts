import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SandboxModule } from './sandbox.module';
import { SandboxConfig } from './sandbox-config';
import { SandboxDatabase } from './db/sandbox-database';
import { ISSUED_SECRETS_DDL, issuedSecretsRecorder } from './issued-secrets/issued-secrets.recorder';
import { keepConnectionsAlive } from './http-keep-alive';

/** Builds the sandbox app; used by main.ts and by tests that start a sandbox on a free port. */
export async function createSandboxApp(config: SandboxConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.forRoot(config), {
    logger: ['error', 'warn'],
    rawBody: true,
    bodyParser: false,
  });
  // Xero accepts request bodies up to 3.5 MB (a batch of 50 invoices with many lines).
  app.useBodyParser('json', { limit: '3.5mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: true });
  const db = app.get(SandboxDatabase);
  await db.applySchema('issued-secrets', ISSUED_SECRETS_DDL);
  // First in line, so it sees every credential any simulator hands out.
  app.use(issuedSecretsRecorder(db));
  keepConnectionsAlive(app.getHttpServer());
  app.enableShutdownHooks();
  return app;
}
