// Fairness through the whole engine: tenant A's 20,000-record backlog (4,000 new customers and
// 16,000 posted invoices) is being carried when tenant B posts one invoice in X3; the figure is
// B's delay from the X3 commit to its linked Xero invoice, in Xero time (5 s X3 polling included).
import { fairness } from '../apps/worker/test/sync-scenarios';
import { SyncWorld } from '../apps/worker/test/sync-world';
import type { BenchMetric } from './bench-types';
import { RssSampler } from './sync-measures';

const CLOCK_SCALE = Number(process.env.BENCH_SYNC_CLOCK_SCALE ?? 1);
const log = (m: string) => process.stderr.write(`sync-fairness: ${m}\n`);

export default async function (): Promise<BenchMetric[]> {
  const world = await SyncWorld.start({ clockScale: CLOCK_SCALE });
  const rss = new RssSampler();
  try {
    rss.watch((await world.startWorker()).pid);
    const a = await world.pairTenant('NZ');
    const b = await world.pairTenant('NZ');
    const r = await fairness(world, a, b, { customers: 4000, invoices: 16_000 });
    log(JSON.stringify(r));
    if (r.backlogOpenAtArrival === 0) throw new Error("tenant A's backlog had finished: the figure would mean nothing");
    return [
      {
        name: 'fairness_small_tenant_delay_s',
        value: Number(r.delaySandboxS.toFixed(2)),
        unit: `s Xero time (B's X3 commit to its linked Xero invoice; A had ${r.backlogOpenAtArrival} changes open)`,
        target: '<= 10',
        met: r.delaySandboxS <= 10,
      },
      { name: 'worker_peak_rss_mb_fairness', value: rss.peakMb(), unit: 'MB (the worker process, two tenants)' },
    ];
  } finally {
    rss.stop();
    await world.close();
  }
}
