// `npm test`: lints (ESLint, type-aware) and checks formatting (Prettier), checks the SPA's
// generated API types, starts the embedded services, migrates, checks
// entities against migrations, builds the SPA, then runs every jest project (unit, integration, e2e,
// browser). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './devstack/stack';
import { checkMigrations, runMigrations } from '../libs/schema/src/migration-runner';
import { TEST_ENV } from './testing/test-env';
import { prepareSuiteDatabaseTemplate } from '../libs/testing/src/suite-database';

async function main(): Promise<number> {
  const jestArgs = process.argv.slice(2);
  // The SPA's API types are generated from the api's OpenAPI document; a full run refuses stale ones
  // (the check builds the document without services, so it runs before they start).
  if (jestArgs.length === 0 && !process.env.SKIP_LINT) {
    // Static checks first: they need no services and fail in seconds to minutes, not after the suite.
    const lint = spawnSync('npx', ['eslint', '.', '--max-warnings', '0'], { stdio: 'inherit' });
    if (lint.status !== 0) return lint.status ?? 1;
    const format = spawnSync('npx', ['prettier', '--check', '--log-level', 'warn', '.'], { stdio: 'inherit' });
    if (format.status !== 0) {
      console.error('Formatting differs from Prettier: run npm run format');
      return format.status ?? 1;
    }
    console.log('lint and formatting passed');
  }
  if (jestArgs.length === 0) {
    const check = spawnSync('node', ['scripts/run.js', 'scripts/generate-api-types.ts', '--check'], {
      stdio: 'inherit',
    });
    if (check.status !== 0) return check.status ?? 1;
    console.log('API types are up to date');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-test-'));
  const t0 = Date.now();
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_test',
    sandboxDatabase: 'ledgerbridge_sandbox_test',
    env: process.env,
  });
  try {
    for (const line of stack.started) console.log(`test services: ${line}`);
    await runMigrations(stack.urls.DATABASE_OWNER_URL);
    const drift = await checkMigrations(stack.urls.DATABASE_OWNER_URL);
    if (drift.length > 0) {
      console.error('Entities and migrations disagree; generate a migration. Pending statements:');
      for (const q of drift) console.error(`  ${q}`);
      return 1;
    }
    console.log(`migrations applied and in step with entities (${Date.now() - t0} ms)`);
    // Suites whose workers reach across tenants take a copy of the migrated database (suite-database.ts).
    const suiteDatabases = stack.superuserUrl
      ? await prepareSuiteDatabaseTemplate(stack.superuserUrl, stack.urls.DATABASE_OWNER_URL)
      : {};
    if (!process.env.SKIP_TYPECHECK && jestArgs.length === 0) {
      // SWC compiles tests without type checks, so a full run type-checks first (focused runs,
      // with jest arguments, skip it for speed).
      for (const project of ['tsconfig.json', 'apps/web/tsconfig.json']) {
        const tsc = spawnSync('npx', ['tsc', '-p', project, '--noEmit'], { stdio: 'inherit' });
        if (tsc.status !== 0) return tsc.status ?? 1;
      }
      console.log('type check passed');
    }
    if (!process.env.SKIP_WEB_BUILD) {
      const web = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], {
        stdio: 'inherit',
      });
      if (web.status !== 0) return web.status ?? 1;
    }
    const results = join(dataDir, 'jest-results.json');
    const jest = spawnSync(
      'npx',
      ['jest', '--maxWorkers=2', '--forceExit', '--json', `--outputFile=${results}`, ...jestArgs],
      {
        stdio: 'inherit',
        env: { ...process.env, ...TEST_ENV, ...stack.urls, ...suiteDatabases },
      },
    );
    printSummary(results);
    return jest.status ?? 1;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One plain closing line that any CI reader understands: "tests: N passed, N failed". */
function printSummary(file: string): void {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
    };
    const skipped = r.numPendingTests ? `, ${r.numPendingTests} skipped` : '';
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped}`);
  } catch {
    console.log('tests: 0 passed, 1 failed (jest wrote no results)');
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`npm test could not start its services: ${(error as Error).message}`);
    process.exit(1);
  },
);
