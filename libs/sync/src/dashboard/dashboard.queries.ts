import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { FlowIntegrationNotFoundError } from '../flows/flow-versions.service';
import { DashboardRange } from './dashboard-range';
import { dashboardIntegration, dashboardSeries, dashboardTiles, rangeTotals, sumPoints } from './dashboard-reads';
import type { EntitySeries, FlowTile, RangeTotals, SeriesPoint } from './dashboard.types';

export interface DashboardFigures {
  integrationId: string;
  xeroConnectionId: string;
  from: string;
  to: string;
  bucket: string;
  generatedAt: string;
  series: EntitySeries[];
  /** All entities together, per bucket: the success/failure chart. */
  totals: SeriesPoint[];
  range: RangeTotals;
  flows: FlowTile[];
}

/**
 * The figures of an integration's dashboard, read in its tenant's transaction (RLS): another
 * tenant's integration is not found. Every query is bounded: the series reads the range's settled
 * rows per flow through ix_sync_pending_changes_settled (integration, flow, settled_at); the tiles
 * read open, held and dead rows per flow through the drain index; the last run per flow one row each.
 */
export class SyncDashboard {
  constructor(private readonly tx: TenantTransactions) {}

  figures(tenantId: string, integrationId: string, range: DashboardRange, now = new Date()): Promise<DashboardFigures> {
    return this.tx.run(tenantId, (m) => this.figuresIn(m, integrationId, range, now));
  }

  /** The figures in the caller's tenant transaction. */
  async figuresIn(
    m: EntityManager,
    integrationId: string,
    range: DashboardRange,
    now = new Date(),
  ): Promise<DashboardFigures> {
    return (await this.figuresAndOrgIn(m, integrationId, range, now)).figures;
  }

  /** The figures and the Xero organisation's name (the api's dashboard shows both), in the caller's transaction. */
  async figuresAndOrgIn(
    m: EntityManager,
    integrationId: string,
    range: DashboardRange,
    now = new Date(),
  ): Promise<{ figures: DashboardFigures; xeroOrgName: string }> {
    const integration = await dashboardIntegration(m, integrationId);
    if (!integration) throw new FlowIntegrationNotFoundError();
    const refs = integration.flows;
    const series = await dashboardSeries(m, refs, range);
    const flows = (await dashboardTiles(m, refs, now)).map(({ integrationId: _, ...tile }) => tile);
    const totals = sumPoints(series, range);
    const figures: DashboardFigures = {
      integrationId,
      xeroConnectionId: integration.xeroConnectionId,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      bucket: range.bucket,
      generatedAt: now.toISOString(),
      series,
      totals,
      range: rangeTotals(totals),
      flows,
    };
    return { figures, xeroOrgName: integration.xeroOrgName };
  }
}
