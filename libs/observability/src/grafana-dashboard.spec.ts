import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { XeroMeter } from '#lb/connectors/xero';
import { AppMetrics } from './metrics';

/**
 * docs/grafana/ledgerbridge-dashboard.json cannot rot: every PromQL expression in it names only
 * metrics (and labels) our registries define, and every metric of ours has a panel.
 */
const DASHBOARD = join(__dirname, '../../../docs/grafana/ledgerbridge-dashboard.json');

interface Target {
  expr: string;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  panels?: Panel[];
  datasource?: { type: string; uid: string };
}
interface Dashboard {
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: unknown; definition?: string }> };
}

/** The process's registry as the api and the worker build it: AppMetrics plus the Xero meter's counters. */
function ourMetrics(): Map<string, string[]> {
  const metrics = new AppMetrics('dashboard-test');
  // registers lb_xero_calls_total and lb_xero_bytes_total; lazyConnect: nothing is dialled
  new XeroMeter(metrics.registry, new Redis({ lazyConnect: true }));
  const byName = new Map<string, string[]>();
  // labelNames: prom-client keeps each metric's label names on it (not in its public types)
  for (const m of metrics.registry.getMetricsAsArray() as unknown as Array<{ name: string; labelNames?: string[] }>)
    byName.set(m.name, [...(m.labelNames ?? [])]);
  return byName;
}

function panelsOf(list: Panel[]): Panel[] {
  return list.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
}

/** The series a PromQL expression selects: a histogram's _bucket/_sum/_count belong to the histogram. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(lb_[a-z0-9_]+)/g)].map((m) => m[1]);
}

function baseName(series: string, known: Map<string, string[]>): string | undefined {
  if (known.has(series)) return series;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  return known.has(base) ? base : undefined;
}

/** Labels an expression filters or groups on: {label=…}, by (…), without (…). */
function labelNames(expr: string): string[] {
  const names: string[] = [];
  for (const m of expr.matchAll(/\{([^}]*)\}/g))
    for (const matcher of m[1].split(',')) {
      const name = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/.exec(matcher)?.[1];
      if (name) names.push(name);
    }
  for (const m of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g))
    names.push(
      ...m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  return names;
}

describe('the Grafana dashboard (docs/grafana/ledgerbridge-dashboard.json)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
  const known = ourMetrics();
  const panels = panelsOf(dashboard.panels).filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

  it('imports with a Prometheus data source variable that every panel uses', () => {
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels)
      expect([p.title, p.datasource]).toEqual([p.title, { type: 'prometheus', uid: '${datasource}' }]);
  });

  it('names only metrics our registries define', () => {
    expect(exprs.length).toBeGreaterThan(0);
    const unknown = exprs.flatMap(({ panel, expr }) =>
      metricNames(expr)
        .filter((name) => !baseName(name, known))
        .map((name) => `${panel}: ${name}`),
    );
    const variables = dashboard.templating.list.flatMap((v) =>
      metricNames(v.definition ?? '')
        .filter((name) => !baseName(name, known))
        .map((name) => `variable ${v.name}: ${name}`),
    );
    expect([...unknown, ...variables]).toEqual([]);
  });

  it('groups and filters only on labels those metrics carry', () => {
    // set by Prometheus (instance, job) or on every series of ours (service); le on histogram buckets
    const everywhere = ['instance', 'job', 'service', 'le'];
    const wrong = exprs.flatMap(({ panel, expr }) => {
      const carried = new Set([
        ...everywhere,
        ...metricNames(expr).flatMap((name) => known.get(baseName(name, known) ?? '') ?? []),
      ]);
      return labelNames(expr)
        .filter((label) => !carried.has(label))
        .map((label) => `${panel}: ${label} in ${expr}`);
    });
    expect(wrong).toEqual([]);
  });

  it('has a panel for every one of our metrics (lb_*)', () => {
    const shown = new Set(exprs.flatMap(({ expr }) => metricNames(expr).map((n) => baseName(n, known))));
    const missing = [...known.keys()].filter((name) => name.startsWith('lb_') && !shown.has(name));
    expect(missing).toEqual([]);
  });
});
