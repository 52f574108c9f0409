import 'reflect-metadata';
import { loadConfigOrExit } from '#lb/config';
import { preflight } from '#lb/database';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  // Validated before anything connects: a bad environment never starts half-configured.
  const config = loadConfigOrExit();
  await preflight(config);
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
}

main().catch((error) => {
  process.stderr.write(`api failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
