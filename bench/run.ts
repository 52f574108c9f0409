// `npm run bench [-- name-filter]`: starts the embedded services (as `npm test` does), runs each
// bench/*.bench.ts in its own process (so memory figures are its own), and writes
// bench/results/latest.json: one object per metric {name, value, unit, target, machine}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../scripts/devstack/stack';
import { TEST_ENV } from '../scripts/testing/test-env';
import { runMigrations } from '../libs/schema/src/migration-runner';
import type { BenchMetric } from './bench-types';

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`;

async function main(): Promise<number> {
  const filter = process.argv[2] ?? '';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort();
  if (files.length === 0) throw new Error(`no bench/*.bench.ts matches "${filter}"`);
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_bench',
    sandboxDatabase: 'ledgerbridge_sandbox_bench',
    env: process.env,
  });
  const results: Array<BenchMetric & { machine: string; bench: string }> = [];
  let failed = 0;
  try {
    await runMigrations(stack.urls.DATABASE_OWNER_URL);
    for (const file of files) {
      console.log(`bench: ${file}`);
      const child = spawnSync(
        process.execPath,
        [
          '--conditions=lb-source',
          '-r',
          '@swc-node/register',
          '--expose-gc',
          join(__dirname, 'bench-child.ts'),
          join(__dirname, file),
        ],
        {
          env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'error', ...stack.urls, SWC_NODE_PROJECT: 'tsconfig.json' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 64 * 2 ** 20,
        },
      );
      const line = child.stdout.trim().split('\n').pop() ?? '';
      if (child.status !== 0 || !line.startsWith('[')) {
        failed++;
        console.error(`bench ${file} failed (exit ${child.status}):\n${child.stdout}`);
        continue;
      }
      for (const metric of JSON.parse(line) as BenchMetric[]) {
        results.push({ ...metric, target: metric.target ?? '', machine, bench: file });
        console.log(
          `  ${metric.name} = ${metric.value} ${metric.unit}${metric.target ? ` (target ${metric.target})` : ''}`,
        );
        if (metric.met === false) {
          failed++;
          console.error(`  ${metric.name} MISSED its target ${metric.target}`);
        }
      }
    }
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  // A filtered run replaces only the benches it ran: the others' last figures stay on record.
  const path = join(__dirname, 'results', 'latest.json');
  const ran = new Set(files);
  const kept = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Array<{ bench: string }>).filter((r) => !ran.has(r.bench))
    : [];
  writeFileSync(path, `${JSON.stringify([...kept, ...results], null, 2)}\n`);
  console.log(
    `wrote bench/results/latest.json (${results.length} metrics of ${files.length} benches; ${kept.length} kept)`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
