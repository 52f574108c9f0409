// `npm run bench [-- name-filter] [-- --check]`: starts the embedded services (as `npm test` does;
// given DATABASE_URL, DATABASE_OWNER_URL, SANDBOX_DATABASE_URL and REDIS_URL it uses those), runs
// each bench/*.bench.ts whose file name contains the filter in its own process (so memory figures
// are its own), and writes results/latest.json and results/latest.md (BENCH_RESULTS_DIR, default
// bench/results): per metric {name, value, unit, target, status, note?, machine, bench}.
//
// Exit code: 1 when a bench did not run to the end (it crashed or printed no metrics). A missed
// target is reported (stderr, status "missed" in both files) but fails the run only with --check:
// `npm run bench` answers "did every bench run", `npm run bench -- --check` "was every target met".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack } from '../scripts/devstack/stack';
import { workerNodeFlags } from '../scripts/devstack/worker-heap';
import { TEST_ENV } from '../scripts/testing/test-env';
import { runMigrations } from '../libs/schema/src/migration-runner';
import type { BenchMetric } from './bench-types';
import { BenchResult, markdownReport, resultOf } from './results';

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`;

/**
 * Node flags of a bench whose figures are a product process's: the reconciliation runs as the
 * worker's reconcile-run job does, so its process is started with the worker's heap cap, as
 * npm start and docker-compose start the worker (scripts/devstack/worker-heap.ts).
 */
const CHILD_FLAGS: Record<string, string[]> = { 'recon.bench.ts': workerNodeFlags() };

/** Runs one bench file in a child process: its metrics, or why it gave none. */
function runChild(file: string, env: NodeJS.ProcessEnv): Promise<{ metrics?: BenchMetric[]; failure?: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(CHILD_FLAGS[file] ?? []),
      '--conditions=lb-source',
      '-r',
      '@swc-node/register',
      '--expose-gc',
      join(__dirname, 'bench-child.ts'),
      join(__dirname, file),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderrTail = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    process.stderr.write(c); // the bench's progress, live
    stderrTail = (stderrTail + c.toString()).slice(-4000);
  });
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('[')) return done({ metrics: JSON.parse(line) as BenchMetric[] });
      const lastError = stderrTail.trim().split('\n').slice(-3).join(' | ');
      done({ failure: `exit ${code ?? signal}: ${lastError || stdout.slice(-500)}` });
    });
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--check');
  if (unknown.length)
    throw new Error(`unknown option ${unknown.join(' ')} (usage: npm run bench -- [filter] [--check])`);
  const filter = args.find((a) => !a.startsWith('-')) ?? '';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort();
  if (files.length === 0) throw new Error(`no bench/*.bench.ts matches "${filter}"`);
  const outDir = resolve(process.env.BENCH_RESULTS_DIR || join(__dirname, 'results'));
  const dataDir = mkdtempSync(join(tmpdir(), 'lb-bench-'));
  const stack = await startStack({
    dataDir,
    persistent: false,
    database: 'ledgerbridge_bench',
    sandboxDatabase: 'ledgerbridge_sandbox_bench',
    env: process.env,
  });
  const results: BenchResult[] = [];
  let crashed = 0;
  try {
    await runMigrations(stack.urls.DATABASE_OWNER_URL);
    for (const file of files) {
      console.log(`bench: ${file}`);
      const env = { ...process.env, ...TEST_ENV, LOG_LEVEL: 'error', ...stack.urls, SWC_NODE_PROJECT: 'tsconfig.json' };
      const { metrics, failure } = await runChild(file, env);
      if (!metrics) {
        crashed++;
        console.error(`bench ${file} FAILED to run (${failure})`);
        // on record as a missed row, so a bench that stopped running cannot pass unseen
        results.push(
          resultOf(
            { name: 'bench_ran', value: 0, unit: 'run', target: 'ran to the end', met: false, note: failure },
            machine,
            file,
          ),
        );
        continue;
      }
      for (const metric of metrics) {
        const r = resultOf(metric, machine, file);
        results.push(r);
        console.log(`  ${r.name} = ${r.value} ${r.unit}${r.target ? ` (target ${r.target}: ${r.status})` : ''}`);
        if (r.status === 'missed')
          console.error(`  ${r.name} MISSED its target ${r.target}${r.note ? `: ${r.note}` : ''}`);
      }
    }
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
  // A filtered run replaces only the benches it ran: the others' last figures stay on record.
  const jsonPath = join(outDir, 'latest.json');
  const ran = new Set(files);
  const kept = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchResult[]).filter((r) => !ran.has(r.bench))
    : [];
  const all = [...kept, ...results];
  writeFileSync(jsonPath, `${JSON.stringify(all, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.md'), markdownReport(all));
  const missed = results.filter((r) => r.status === 'missed');
  console.log(
    `wrote ${jsonPath} and latest.md (${results.length} metrics of ${files.length} benches; ${kept.length} kept from earlier runs)`,
  );
  if (missed.length) console.error(`MISSED in this run: ${missed.map((r) => `${r.name} (${r.bench})`).join(', ')}`);
  if (crashed) return 1;
  return check && missed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
