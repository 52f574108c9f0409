// Migration tooling. `generate <Name>` diffs the entities against a database migrated to the
// current head (a throwaway embedded PostgreSQL unless DATABASE_OWNER_URL is set) and writes
// migrations/<timestamp>-<Name>.ts for review. `run` applies pending migrations as the owner.
// `check` exits 1 when entities and migrations disagree.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../libs/database/src';
import { ALL_ENTITIES, checkMigrations, runMigrations } from '../libs/schema/src';
import { startStack } from './devstack/stack';

async function withOwnerUrl<T>(work: (ownerUrl: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_OWNER_URL) return work(process.env.DATABASE_OWNER_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-migrate-'));
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_migrate',
    sandboxDatabase: 'ledgerbridge_sandbox_migrate',
    env: { REDIS_URL: 'redis://unused' },
  });
  try {
    return await work(stack.urls.DATABASE_OWNER_URL);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function render(name: string, timestamp: number, up: string[], down: string[]): string {
  const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
  const lines = (qs: string[]) => qs.map((s) => `    await queryRunner.query(${q(s)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function generate(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
  await withOwnerUrl(async (ownerUrl) => {
    await runMigrations(ownerUrl);
    const ds = createDataSource(ownerUrl, ALL_ENTITIES);
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        console.log('Entities and migrations agree: nothing to generate.');
        return;
      }
      const timestamp = Date.now();
      const file = join(__dirname, '..', 'migrations', `${timestamp}-${name}.ts`);
      const up = sql.upQueries.map((x) => x.query);
      const down = sql.downQueries.map((x) => x.query).reverse();
      writeFileSync(file, render(name, timestamp, up, down));
      console.log(`Wrote ${file} (${up.length} statements). Review it before committing.`);
    } finally {
      await ds.destroy();
    }
  });
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  if (command === 'generate') return generate(arg);
  if (command === 'run') {
    const applied = await withOwnerUrl(runMigrations);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
    return;
  }
  if (command === 'check') {
    const drift = await withOwnerUrl(async (url) => {
      await runMigrations(url);
      return checkMigrations(url);
    });
    if (drift.length) {
      console.error(`Entities and migrations disagree:\n${drift.join('\n')}`);
      process.exitCode = 1;
    } else console.log('Entities and migrations agree.');
    return;
  }
  throw new Error('usage: migration.ts generate <Name> | run | check');
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
