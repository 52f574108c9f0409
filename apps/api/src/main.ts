import 'reflect-metadata';
import { loadConfigOrExit } from '#lb/config';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  // Validated before anything connects: a bad environment never starts half-configured.
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((error) => {
  process.stderr.write(`api failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
