// Starts only the X3 simulator in its own process (benchmarks measure the connector's memory
// without the simulator's). Prints "x3 sandbox listening on <url>" once ready.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadSandboxConfig } from '../../sandbox-config';
import { X3OnlyRootModule } from './x3-test-sandbox';
import { keepConnectionsAlive } from '../../http-keep-alive';

async function main(): Promise<void> {
  const config = loadSandboxConfig();
  const app = await NestFactory.create(X3OnlyRootModule.forRoot(config), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  keepConnectionsAlive(app.getHttpServer());
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`x3 sandbox listening on http://${config.host}:${port}\n`);
}

void main();
