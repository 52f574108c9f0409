// Runs the Xero sandbox's jest suites against fresh embedded services, without the product's
// migration checks (the sandbox has its own database): `node scripts/run.js
// apps/sandbox/src/xero/testing/run-sandbox-tests.ts [jest args]`. `npm test` remains the gate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../../../../scripts/devstack/stack';
import { TEST_ENV } from '../../../../../scripts/testing/test-env';

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-xero-'));
  const stack = await startStack({ dataDir, persistent: false, database: 'ledgerbridge_test', sandboxDatabase: 'ledgerbridge_sandbox_test', env: process.env });
  try {
    const args = process.argv.slice(2);
    const jest = spawnSync('npx', ['jest', '--maxWorkers=2', '--testPathPatterns', args[0] ?? 'apps/sandbox/src/xero', ...args.slice(1), '--selectProjects', process.env.SANDBOX_TEST_PROJECT ?? 'integration'], {
      stdio: 'inherit',
      env: { ...process.env, ...TEST_ENV, ...stack.urls },
    });
    return jest.status ?? 1;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
