import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '#lb/config';
import { preflight } from '#lb/database';
import { WorkerModule } from './worker.module';
import type { Server } from 'node:http';
import { keepConnectionsAlive } from '#lb/platform';

/**
 * The worker runs Bull processors. Its only HTTP is health and metrics on an internal port
 * (WORKER_HTTP_PORT, loopback unless WORKER_HTTP_HOST says otherwise).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await preflight(config);
  const app = await NestFactory.create(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  keepConnectionsAlive(app.getHttpServer() as Server);
  await app.listen(config.WORKER_HTTP_PORT, process.env.WORKER_HTTP_HOST ?? '127.0.0.1');
}

main().catch((error) => {
  process.stderr.write(`worker failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
