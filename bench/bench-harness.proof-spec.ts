// The bench harness can fail: a deliberately broken build — Xero batches of one record, set
// through the product's own XERO_BATCH_SIZE — makes `npm run bench -- xero-write --check` exit
// non-zero naming the missed metrics, while the same run unbroken exits 0. Both run small (700
// invoices, a 2-call minute limit so the ceiling is 100 records a minute, the sandbox clock at x10;
// bench/README.md, "Small runs") and write their results to a directory of their own, never over
// bench/results/latest.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SMALL = {
  BENCH_XERO_RECORDS: '700',
  BENCH_XERO_MINUTE_LIMIT: '2',
  BENCH_XERO_CLOCK_SCALE: '10',
  // at x10 the machine's timer and event-loop jitter counts ten times (bench/README.md, "Small runs")
  BENCH_XERO_RATIO_TARGET: '0.5',
};

interface Run {
  code: number | null;
  output: string;
  results: Array<{ name: string; status: string; note?: string }>;
}

function bench(extra: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-bench-harness-'));
  // the services of this test run (DATABASE_URL …), so the runner starts none of its own
  const child = spawn('npm', ['run', 'bench', '--', 'xero-write', '--check'], {
    cwd: ROOT,
    env: { ...process.env, ...SMALL, ...extra, BENCH_RESULTS_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = Date.now();
  const take = (c: Buffer) => {
    output += c.toString();
    // BENCH_HARNESS_VERBOSE=1: the runs' progress, timed, as it comes
    if (process.env.BENCH_HARNESS_VERBOSE)
      process.stderr.write(
        `[${extra.XERO_BATCH_SIZE ? 'broken' : 'sound'} +${Math.round((Date.now() - started) / 1000)}s] ${c.toString()}`,
      );
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((done) =>
    child.on('close', (code) => {
      const file = join(dir, 'latest.json');
      const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Run['results']) : [];
      rmSync(dir, { recursive: true, force: true });
      done({ code, output, results });
    }),
  );
}

describe('npm run bench -- xero-write --check', () => {
  const published = join(ROOT, 'bench/results/latest.json');
  const before = existsSync(published) ? statSync(published).mtimeMs : undefined;
  let broken: Run;
  let sound: Run;

  beforeAll(async () => {
    // side by side: each mostly waits on its sandbox's scaled minutes
    [broken, sound] = await Promise.all([bench({ XERO_BATCH_SIZE: '1' }), bench({})]);
  }, 600_000); // a backstop: on a loaded machine the processes' start-up (SWC compiles) dominates

  it('fails the broken build (batches of one record) and names what it missed', () => {
    expect({ code: broken.code, output: broken.output.slice(-3000) }).toMatchObject({ code: 1 });
    const missed = broken.results.filter((r) => r.status === 'missed').map((r) => r.name);
    expect(missed).toEqual(expect.arrayContaining(['xero_write_ceiling_ratio', 'xero_calls_per_record_bulk']));
    expect(broken.output).toMatch(/xero_write_ceiling_ratio MISSED/);
    expect(broken.output).toMatch(/MISSED in this run: .*xero_calls_per_record_bulk/);
  });

  it('passes the same run unbroken, every target met', () => {
    const missed = sound.results.filter((r) => r.status === 'missed');
    expect({ code: sound.code, missed, output: missed.length ? sound.output.slice(-3000) : '' }).toEqual({
      code: 0,
      missed: [],
      output: '',
    });
    expect(sound.results.map((r) => r.name)).toEqual(
      expect.arrayContaining(['xero_write_ceiling_ratio', 'xero_write_lost', 'xero_write_duplicated']),
    );
  });

  it('leaves the published results alone', () => {
    expect(existsSync(published) ? statSync(published).mtimeMs : undefined).toBe(before);
  });
});
