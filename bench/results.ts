// The bench report's rows and its Markdown table (pure: bench/results.spec.ts covers them).
import type { BenchMetric } from './bench-types';

export type BenchStatus = 'pass' | 'missed' | 'info';

/** One row of results/latest.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal in words ('' when the figure has none). */
  target: string;
  /** pass / missed: the bench checked its target; info: a figure reported, not judged. */
  status: BenchStatus;
  note?: string;
  machine: string;
  bench: string;
}

/** A target that compares or names a figure (e.g. '< 200', '>= 0.9 over …', '0'): the bench must have judged it. */
const COMPARES = /^\s*(<|>|<=|>=|=)?\s*\d/;

export function resultOf(m: BenchMetric, machine: string, bench: string): BenchResult {
  // A comparative target the bench forgot to check is a miss, so it can never pass unseen.
  const unjudged = m.met === undefined && COMPARES.test(m.target ?? '');
  const status: BenchStatus = m.met === true ? 'pass' : m.met === false || unjudged ? 'missed' : 'info';
  const note = unjudged ? `the bench did not check its target${m.note ? `; ${m.note}` : ''}` : m.note;
  return {
    name: m.name,
    value: m.value,
    unit: m.unit,
    target: m.target ?? '',
    status,
    ...(note ? { note } : {}),
    machine,
    bench,
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The rows as a Markdown table, bench by bench; a missed row is bold and carries its reason. */
export function markdownReport(rows: BenchResult[]): string {
  const machines = [...new Set(rows.map((r) => r.machine))];
  const missed = rows.filter((r) => r.status === 'missed').length;
  const lines = [
    '# Benchmark results',
    '',
    `${rows.length} figures, ${missed} missed. Machine: ${machines.join('; ') || 'none'}.`,
    'Definitions: bench/README.md. Status: pass / **MISSED** (target checked) or info (reported, not judged).',
    '',
    '| bench | metric | value | unit | target | status | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const status = r.status === 'missed' ? '**MISSED**' : r.status;
    const name = r.status === 'missed' ? `**${r.name}**` : r.name;
    lines.push(
      `| ${cell(r.bench.replace(/\.bench\.ts$/, ''))} | ${cell(name)} | ${r.value} | ${cell(r.unit)} | ${cell(r.target)} | ${status} | ${cell(r.note ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
