// Fairness through the whole engine: tenant A's 20,000-record backlog (4,000 new customers and
// 16,000 posted invoices) is being carried when tenant B posts one invoice in X3 (BENCH_FAIRNESS_SAMPLES
// times, one after the other); the figure is B's worst delay from the X3 commit to its linked Xero
// invoice, in Xero time (5 s X3 polling included). An invoice that never arrives is a miss, not a crash.
import { loadavg } from 'node:os';
import { fairness } from '../apps/worker/test/sync-scenarios';
import { SyncWorld } from '../apps/worker/test/sync-world';
import { workerHeapMb } from '../scripts/devstack/worker-heap';
import type { BenchMetric } from './bench-types';
import { RssSampler } from './sync-measures';

const CLOCK_SCALE = Number(process.env.BENCH_SYNC_CLOCK_SCALE ?? 1);
const SAMPLES = Number(process.env.BENCH_FAIRNESS_SAMPLES ?? 5);
/** How long one of B's invoices is waited for (real time) before it counts as not arrived. */
const WAIT_MS = 180_000;
const log = (m: string) => process.stderr.write(`sync-fairness: ${m}\n`);

export default async function (): Promise<BenchMetric[]> {
  const world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
  const rss = new RssSampler();
  const load: number[] = [];
  const loadTimer = setInterval(() => load.push(loadavg()[0]), 10_000);
  try {
    rss.watch((await world.startWorker()).pid);
    const a = await world.pairTenant('NZ');
    const b = await world.pairTenant('NZ');
    const r = await fairness(world, a, b, { customers: 4000, invoices: 16_000 }, { samples: SAMPLES, waitMs: WAIT_MS });
    log(JSON.stringify(r));
    const delays = r.samples.map((s) => s.delaySandboxS);
    const missing = delays.filter((d) => d === null).length;
    const worst = missing ? (WAIT_MS / 1000) * CLOCK_SCALE : Math.max(...(delays as number[]));
    const backlogOpen = Math.min(...r.samples.map((s) => s.backlogOpen));
    if (backlogOpen === 0) throw new Error("tenant A's backlog had finished: the figure would mean nothing");
    if (r.backlogWrittenDuring === 0)
      throw new Error('tenant A wrote nothing while B was sampled: the figure would mean nothing');
    const aPace = Math.round((r.backlogWrittenDuring / r.samplingSandboxS) * 60);
    const machine = `load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`;
    return [
      {
        name: 'fairness_small_tenant_delay_s',
        value: Number(worst.toFixed(2)),
        unit:
          `s Xero time, clock scale ${CLOCK_SCALE} (worst of ${delays.length} of B's invoices, X3 commit to linked Xero invoice: ` +
          `${delays.map((d) => (d === null ? 'not arrived' : d.toFixed(1))).join(', ')}; ` +
          `A had ≥ ${backlogOpen} changes open and wrote ${r.backlogWrittenDuring} records meanwhile, ${aPace}/min; ${machine})`,
        target: '<= 10',
        met: missing === 0 && worst <= 10,
      },
      {
        name: 'worker_peak_rss_mb_fairness',
        value: rss.peakMb(),
        unit: `MB (the worker process, heap capped at ${workerHeapMb()} MB as deployed, two tenants, /proc every 0.5 s)`,
      },
    ];
  } finally {
    clearInterval(loadTimer);
    rss.stop();
    await world.close();
  }
}
