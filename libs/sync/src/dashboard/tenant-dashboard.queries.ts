import { TenantTransactions } from '#lb/database';
import { Integration } from '#lb/integrations';
import { DashboardRange } from './dashboard-range';
import {
  dashboardFlows,
  dashboardSeries,
  dashboardTiles,
  IntegrationFlowTile,
  rangeTotals,
  sumPoints,
} from './dashboard-reads';
import type { EntitySeries, RangeTotals, SeriesPoint } from './dashboard.types';

/** One integration at a glance on the tenant-wide dashboard: what it has in hand now. */
export interface IntegrationSummary {
  integrationId: string;
  name: string;
  status: string;
  /** Open changes (pending + claimed + waiting) over its flows. */
  open: number;
  waiting: number;
  held: number;
  /** Dead letters not replayed yet (all time). */
  dead: number;
  /** The oldest open change of any of its flows (the worst lag); null when none is open. */
  oldestOpenAt: string | null;
  lagSeconds: number | null;
  /** The last change any of its flows settled. */
  lastSettledAt: string | null;
}

export interface TenantDashboardFigures {
  from: string;
  to: string;
  bucket: string;
  generatedAt: string;
  /** Per entity and bucket, summed over all the tenant's integrations. */
  series: EntitySeries[];
  totals: SeriesPoint[];
  range: RangeTotals;
  /** One row per integration, by name. */
  integrations: IntegrationSummary[];
}

const latest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || a > b ? a : b);
const earliest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || a < b ? a : b);

function summary(integration: Integration, tiles: IntegrationFlowTile[]): IntegrationSummary {
  const own = tiles.filter((t) => t.integrationId === integration.id);
  const sum = (f: (t: IntegrationFlowTile) => number) => own.reduce((a, t) => a + f(t), 0);
  const worst = own.reduce<IntegrationFlowTile | null>(
    (w, t) => (t.lagSeconds !== null && (w === null || t.lagSeconds > (w.lagSeconds ?? -1)) ? t : w),
    null,
  );
  return {
    integrationId: integration.id,
    name: integration.name,
    status: integration.status,
    open: sum((t) => t.open),
    waiting: sum((t) => t.waiting),
    held: sum((t) => t.held),
    dead: sum((t) => t.dead),
    oldestOpenAt: own.reduce<string | null>((a, t) => earliest(a, t.oldestOpenAt), null),
    lagSeconds: worst?.lagSeconds ?? null,
    lastSettledAt: own.reduce<string | null>((a, t) => latest(a, t.lastSettledAt), null),
  };
}

/**
 * The tenant-wide dashboard: the same series and rates as one integration's (the same queries,
 * over every flow of every integration of the tenant), and one summary row per integration. Read in
 * the tenant's transaction (RLS): another tenant's integrations, flows and changes are not there.
 */
export class SyncTenantDashboard {
  constructor(private readonly tx: TenantTransactions) {}

  figures(tenantId: string, range: DashboardRange, now = new Date()): Promise<TenantDashboardFigures> {
    return this.tx.run(tenantId, async (m) => {
      const integrations = await m.find(Integration, {
        select: ['id', 'name', 'status'],
        order: { name: 'ASC', id: 'ASC' },
      });
      const refs = await dashboardFlows(m);
      const series = await dashboardSeries(m, refs, range);
      const tiles = await dashboardTiles(m, refs, now);
      const totals = sumPoints(series, range);
      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        bucket: range.bucket,
        generatedAt: now.toISOString(),
        series,
        totals,
        range: rangeTotals(totals),
        integrations: integrations.map((i) => summary(i, tiles)),
      };
    });
  }
}
