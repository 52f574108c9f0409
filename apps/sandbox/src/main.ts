import 'reflect-metadata';
import { loadSandboxConfig } from './sandbox-config';
import { createSandboxApp } from './app.factory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadSandboxConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const app = await createSandboxApp(config);
  await app.listen(config.port, config.host);
  process.stdout.write(`sandbox listening on ${config.publicUrl}\n`);
}

void main();
