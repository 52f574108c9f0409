// The soak's report: bench/results/soak-latest.json and .md (apart from the benches' latest.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Agreement } from './agreement';
import type { MemoryTrend } from './memory-trend';
import type { SoakConfig } from './soak-config';
import type { OrgLimitFigures } from './xero-limits';

export interface SoakCheck {
  name: string;
  value: number | string;
  unit: string;
  target: string;
  met: boolean;
  detail: string;
}

export interface SoakReport {
  startedAt: string;
  finishedAt: string;
  machine: string;
  config: SoakConfig;
  /** Real minutes the load ran, and how long the final drain took. */
  loadMinutes: number;
  drainMinutes: number;
  checks: SoakCheck[];
  memory: Record<string, MemoryTrend>;
  xeroLimits: {
    organisations: number;
    worst: Omit<OrgLimitFigures, 'breaches'>;
    breaches: Array<{ org: number; breaches: string[] }>;
  };
  agreement: {
    invoices: Omit<Agreement, 'lost'> & { lost: string[] };
    customers: Omit<Agreement, 'lost'> & { lost: string[] };
  };
  /** Anything the run noticed that a reader should know (a process that died, a drain that hit its backstop). */
  notes: string[];
}

/** The first `n` items, so a report with thousands of lost keys stays readable. */
export function firstOf<T>(items: T[], n = 50): T[] {
  return items.slice(0, n);
}

export function markdown(r: SoakReport): string {
  const rows = r.checks.map(
    (c) => `| ${c.name} | ${c.value} ${c.unit} | ${c.target} | ${c.met ? 'met' : '**MISSED**'} | ${c.detail} |`,
  );
  const mem = Object.entries(r.memory).map(
    ([name, m]) =>
      `| ${name} | ${m.startMb.toFixed(0)} → ${m.endMb.toFixed(0)} | ${m.peakMb.toFixed(0)} | ${m.slopeMbPerHour ?? 'n/a'} | ${m.steadySamples}/${m.samples} | ${m.met ? 'met' : '**MISSED**'}: ${m.reason} |`,
  );
  const w = r.xeroLimits.worst;
  return [
    `# Soak: ${r.config.apis} api + ${r.config.workers} worker processes, ${r.config.tenants} tenants`,
    '',
    `${r.startedAt} → ${r.finishedAt}; ${r.loadMinutes.toFixed(1)} min of load, ${r.drainMinutes.toFixed(1)} min final drain; clock scale ${r.config.clockScale}; ${r.machine}.`,
    `Load: ${r.config.invoicesPerTenantMinute} X3 invoices per tenant per minute, ${r.config.heavyTenants} tenants with a ${r.config.heavyBacklog}-invoice backlog.`,
    '',
    '| check | value | target | result | detail |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `## Xero limits (the sandbox's call log, our app's calls, ${r.xeroLimits.organisations} organisations)`,
    '',
    `Worst organisation: ${w.peakPerMinute} calls in a rolling minute, ${w.peakConcurrent} in flight, ${w.peakPerDay} in a rolling day, ${w.admitted} admitted; 429s ${JSON.stringify(w.refused)}.`,
    ...r.xeroLimits.breaches.map((b) => `- tenant ${b.org}: ${b.breaches.join('; ')}`),
    '',
    '## Memory (RSS, MB; slope over the steady part)',
    '',
    '| process | steady start → end | peak | MB/hour | samples (steady/all) | result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...mem,
    '',
    ...(r.notes.length ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function writeReport(dir: string, r: SoakReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'soak-latest.json');
  const md = join(dir, 'soak-latest.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, `${markdown(r)}\n`);
  return { json, md };
}
