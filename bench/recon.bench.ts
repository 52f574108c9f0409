// Reconciliation at scale: 1,000,000 X3 invoices against 1,000,000 Xero invoices in the ledger
// copies, one run start to finish in this process (as the worker's reconcile-run job runs it).
// Planted: 1,000 invoices a cent apart (rounding) and 500 missing in Xero; the run must find
// exactly those, so a run that skips rows cannot pass. RSS is this process's, sampled every 10 ms
// while the run lasts (the seeding happens in PostgreSQL, before sampling starts). bench/run.ts
// starts this process with the worker's heap cap (scripts/devstack/worker-heap.ts), as npm start
// and docker-compose start the worker: V8 sizes an uncapped heap from the host's memory and defers
// collection on a large host, so an uncapped figure follows the host, not the run (the live set,
// recon_1m_heap_retained_mb, stays flat either way). recon_1m_heap_limit_mb says which cap applied.
// RECON_BENCH_ROWS runs a smaller ledger (the names still say 1m).
import { getHeapStatistics } from 'node:v8';
import { TenantTransactions } from '#lb/database';
import { ReconRun, reconcileRun } from '#lb/reconciliation';
import { ownerDataSource, runtimeDataSource } from '#lb/testing';
import { tenantWithIntegration } from '../libs/sync/src/testing/integration-fixture';
import type { Bench } from './bench-types';

const PER_SIDE = Number(process.env.RECON_BENCH_ROWS ?? 1_000_000);
const ROUNDING = PER_SIDE / 1_000; // every i % 1000 = 0: Xero's total is a cent higher
const MISSING = PER_SIDE / 2_000; // every i % 2000 = 500: never written to Xero
const MB = 2 ** 20;

const bench: Bench = async () => {
  const owner = await ownerDataSource();
  const runtime = await runtimeDataSource(2);
  const tx = new TenantTransactions(runtime);
  try {
    const { tenantId, integrationId } = await tenantWithIntegration(tx);
    for (const side of ['x3', 'xero'] as const) {
      await owner.query(
        `INSERT INTO recon_documents (tenant_id, integration_id, side, entity, record_key, match_key, counterparty,
           document_date, currency, total, amount_due, status, seen_at)
         SELECT $1, $2, $3, 'invoice', $3 || '-' || i, 'INV' || lpad(i::text, 7, '0'), 'C' || (i % 5000),
           date '2026-10-01' + (i % 60), 'NZD', t, t, 'authorised', now()
         FROM generate_series(1, $4::int) AS i,
              LATERAL (SELECT CASE WHEN $3 = 'xero' AND i % 1000 = 0 THEN '100.01' ELSE '100.00' END AS t) AS amounts
         WHERE NOT ($3 = 'xero' AND i % 2000 = 500)`,
        [tenantId, integrationId, side, PER_SIDE],
      );
    }
    await owner.query(`ANALYZE recon_documents`);
    const queued = await tx.run(tenantId, (m) =>
      m.save(m.create(ReconRun, { tenantId, integrationId, asOf: '2026-11-30' })),
    );

    global.gc?.();
    const baseline = process.memoryUsage();
    let peak = baseline.rss;
    let heapPeak = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.rss);
      heapPeak = Math.max(heapPeak, now.heapUsed);
    }, 10);
    const started = process.hrtime.bigint();
    const run = await reconcileRun({ tx }, tenantId, queued.id);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    global.gc?.();
    const heapAfterGc = process.memoryUsage().heapUsed;

    const expected = { compared: PER_SIDE, rounding: ROUNDING, missingInXero: MISSING };
    for (const [name, count] of Object.entries(expected)) {
      const got = run.counts[name];
      if (got !== count)
        throw new Error(`the run counted ${got} ${name}, ${count} were planted: ${JSON.stringify(run)}`);
    }
    const rssMb = Math.round((peak / MB) * 10) / 10;
    return [
      { name: 'recon_1m_seconds', value: Math.round(seconds * 10) / 10, unit: 's', target: '< 60', met: seconds < 60 },
      { name: 'recon_1m_rss_mb', value: rssMb, unit: 'MB', target: '< 512', met: rssMb < 512 },
      { name: 'recon_1m_rss_before_run_mb', value: Math.round(baseline.rss / MB), unit: 'MB', target: 'informational' },
      {
        name: 'recon_1m_heap_limit_mb',
        value: Math.round(getHeapStatistics().heap_size_limit / MB),
        unit: 'MB',
        target: 'informational',
      },
      { name: 'recon_1m_heap_peak_mb', value: Math.round(heapPeak / MB), unit: 'MB', target: 'informational' },
      // What the run keeps: the heap after a full collection against before the run (no retention).
      {
        name: 'recon_1m_heap_retained_mb',
        value: Math.round((heapAfterGc - baseline.heapUsed) / MB),
        unit: 'MB',
        target: '<= 20',
        met: heapAfterGc - baseline.heapUsed <= 20 * MB,
      },
      {
        name: 'recon_1m_pairs_per_s',
        value: Math.round(PER_SIDE / seconds),
        unit: 'match keys/s',
        target: 'informational',
      },
    ];
  } finally {
    await runtime.destroy();
    await owner.destroy();
  }
};

export default bench;
