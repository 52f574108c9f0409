// mapping_invoices_per_s: 100,000 X3 sales invoices of 10 lines each mapped to Xero payloads
// through the NZ starter template, one after another on this process's one thread (one core):
// X3 record → canonical → Xero payload → status map, account and tax-type lookups, defaults and
// validation, exactly as the sync engine runs a record. Target ≥ 10,000 invoices/s; its peak RSS
// is this process's own (the runner measures each bench in its own process).
import { X3_ADAPTERS } from '../libs/mapping/src/adapters/x3';
import { XERO_ADAPTERS } from '../libs/mapping/src/adapters/xero';
import { compileMapping, runMapping, type MappingRunContext } from '../libs/mapping/src/engine';
import { corpusDocument } from '../libs/mapping/src/corpus/x3-invoice-corpus';
import { starterTemplate } from '../libs/mapping/src/templates';
import type { Bench } from './bench-types';

/** MAPPING_BENCH_INVOICES: a smaller run for profiling (node --cpu-prof); the metric is for 100,000. */
const INVOICES = Number(process.env.MAPPING_BENCH_INVOICES ?? 100_000);
const LINES = 10;
/** Distinct documents cycled through: enough that no cache of one record helps, small enough to hold. */
const POOL = 2_000;
const TARGET_PER_S = 10_000;
const MB = 1024 * 1024;

const log = (m: string) => process.stderr.write(`mapping: ${m}\n`);

const bench: Bench = async () => {
  const pool = Array.from(
    { length: POOL },
    (_, i) => corpusDocument(i, { companies: ['NZ10'], lines: LINES, creditShare: 0 }).record,
  );
  const compiled = compileMapping(starterTemplate('NZ', 'invoice'));
  const context: MappingRunContext = {
    adapters: { x3: X3_ADAPTERS, xero: XERO_ADAPTERS },
    adapterContext: { baseCurrency: 'NZD', x3Company: 'NZ10' },
  };
  const run = async (count: number) => {
    let peak = process.memoryUsage.rss();
    const kinds = new Map<string, number>();
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const outcome = await runMapping(compiled, pool[i % POOL], context);
      kinds.set(outcome.kind, (kinds.get(outcome.kind) ?? 0) + 1);
      if (outcome.kind !== 'mapped') throw new Error(`invoice ${i} was ${outcome.kind}: ${JSON.stringify(outcome)}`);
      if (i % 1_000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    return {
      seconds,
      cpuSeconds,
      peakRssMb: Math.round((Math.max(peak, process.memoryUsage.rss()) / MB) * 10) / 10,
      kinds,
    };
  };
  await run(5_000); // warm-up: JIT, inline caches
  (globalThis as { gc?: () => void }).gc?.();
  const result = await run(INVOICES);
  const perSecond = Math.round(INVOICES / result.seconds);
  const met = perSecond >= TARGET_PER_S;
  log(
    `${INVOICES} invoices × ${LINES} lines in ${result.seconds.toFixed(2)} s = ${perSecond}/s ` +
      `(${met ? 'met' : 'MISSED'} target ${TARGET_PER_S}/s), peak RSS ${result.peakRssMb} MB`,
  );
  // On a shared machine the wall clock includes time other processes held the core: CPU time says
  // what the mapping itself costs.
  const perCpuSecond = Math.round(INVOICES / result.cpuSeconds);
  log(`${perCpuSecond} invoices per CPU second`);
  return [
    { name: 'mapping_invoices_per_s', value: perSecond, unit: 'invoices/s', target: `>= ${TARGET_PER_S}`, met },
    { name: 'mapping_invoices_per_cpu_s', value: perCpuSecond, unit: 'invoices/CPU s', target: 'informational' },
    { name: 'mapping_peak_rss_mb', value: result.peakRssMb, unit: 'MB', target: 'informational' },
  ];
};

export default bench;
