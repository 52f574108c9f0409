import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { QUEUES } from '#lb/queues';
import {
  dashboardRange,
  DashboardFigures,
  RecordsPage,
  SyncDashboard,
  SyncRecords,
  SyncTenantDashboard,
  TenantDashboardFigures,
} from '#lb/sync';
import { DrainJobsView, drainJobsOf, XeroBudgetView, xeroBudgetOf } from './dashboard-live';
import { DashboardQueryDto, RecordsQueryDto } from './dashboard.dto';

export interface DashboardView extends DashboardFigures {
  drainJobs: DrainJobsView;
  xeroBudget: XeroBudgetView;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * An integration's dashboard: the figures from PostgreSQL (the page's substance; a failure there is
 * the request's), and what lives in Redis (Bull's drain jobs, the Xero meter), each degraded to
 * `available: false` on its own when Redis is out of reach.
 */
@Injectable()
export class DashboardService {
  private readonly figures: SyncDashboard;
  private readonly records: SyncRecords;
  private readonly tenantFigures: SyncTenantDashboard;

  constructor(
    private readonly tx: TenantTransactions,
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.sync) private readonly syncQueue: Queue,
  ) {
    this.figures = new SyncDashboard(tx);
    this.records = new SyncRecords(tx);
    this.tenantFigures = new SyncTenantDashboard(tx);
  }

  async dashboard(tenantId: string, integrationId: string, q: DashboardQueryDto): Promise<DashboardView> {
    const range = dashboardRange(q);
    // one tenant transaction for the figures and the organisation's name
    const { figures, xeroOrgName } = await this.tx.run(tenantId, (m) =>
      this.figures.figuresAndOrgIn(m, integrationId, range),
    );
    const [drainJobs, xeroBudget] = await Promise.all([
      drainJobsOf(
        this.syncQueue,
        integrationId,
        figures.flows.map((f) => f.flowKey),
      ),
      xeroBudgetOf(
        this.xero.meter,
        { connectionId: figures.xeroConnectionId, name: xeroOrgName },
        { minute: this.config.XERO_MINUTE_LIMIT, day: this.config.XERO_DAY_LIMIT },
      ),
    ]);
    return { ...figures, drainJobs, xeroBudget };
  }

  /** All the tenant's integrations together, and one summary row each (PostgreSQL only). */
  async tenantDashboard(tenantId: string, q: DashboardQueryDto): Promise<TenantDashboardFigures> {
    return this.tenantFigures.figures(tenantId, dashboardRange(q));
  }

  async list(tenantId: string, integrationId: string, q: RecordsQueryDto): Promise<RecordsPage> {
    const range = dashboardRange({ from: q.from, to: q.to, bucket: 'day' }, new Date(), WEEK_MS);
    return this.records.list(tenantId, integrationId, {
      entity: q.entity,
      status: q.status,
      flowKey: q.flow,
      from: range.from,
      to: range.to,
      key: q.key,
      cursor: q.cursor,
      limit: q.limit,
    });
  }
}
