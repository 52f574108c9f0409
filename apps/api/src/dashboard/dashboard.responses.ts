import { ApiProperty } from '@nestjs/swagger';
import type {
  EntitySeries,
  FlowTile,
  IntegrationSummary,
  RangeTotals,
  RecordRow,
  RecordsPage,
  SeriesPoint,
  TenantDashboardFigures,
} from '#lb/sync';
import type { BudgetWindow, DrainJobsView, FlowDrainJobs, XeroBudgetView } from './dashboard-live';
import type { DashboardView } from './dashboard.service';

export class SeriesPointResponse implements SeriesPoint {
  @ApiProperty({ format: 'date-time', description: "The bucket's UTC start" }) at: string;
  @ApiProperty({ description: 'Settled done (written, matched or unchanged)' }) done: number;
  @ApiProperty({ description: 'Of done: created in the target' }) created: number;
  @ApiProperty({ description: 'Of done: updated in the target' }) updated: number;
  @ApiProperty({ description: 'Dead letters' }) dead: number;
  @ApiProperty({ description: 'Held for an accountant' }) held: number;
}

export class EntitySeriesResponse implements EntitySeries {
  @ApiProperty() entity: string;
  @ApiProperty({ type: [SeriesPointResponse] }) points: SeriesPointResponse[];
}

export class RangeTotalsResponse implements RangeTotals {
  @ApiProperty() done: number;
  @ApiProperty() dead: number;
  @ApiProperty() held: number;
  @ApiProperty({ type: String, nullable: true, description: 'done / settled, percent, one decimal' })
  successRate: string | null;
  @ApiProperty({ type: String, nullable: true, description: '(dead + held) / settled, percent, one decimal' })
  failureRate: string | null;
}

export class FlowTileResponse implements FlowTile {
  @ApiProperty() flowKey: string;
  @ApiProperty({ description: 'pending + claimed + waiting' }) open: number;
  @ApiProperty() pending: number;
  @ApiProperty() claimed: number;
  @ApiProperty() waiting: number;
  @ApiProperty() held: number;
  @ApiProperty({ description: 'Open dead letters (all time)' }) dead: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) oldestOpenAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Age of the oldest open change, seconds' })
  lagSeconds: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSettledAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastPolledAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastPollQueuedAt: string | null;
}

export class FlowDrainJobsResponse implements FlowDrainJobs {
  @ApiProperty() flowKey: string;
  @ApiProperty() waiting: number;
  @ApiProperty() delayed: number;
  @ApiProperty() active: number;
}

export class DrainJobsResponse implements DrainJobsView {
  @ApiProperty({ description: 'false when Redis could not be read in time' }) available: boolean;
  @ApiProperty({ type: [FlowDrainJobsResponse] }) flows: FlowDrainJobsResponse[];
}

export class BudgetWindowResponse implements BudgetWindow {
  @ApiProperty() limit: number;
  @ApiProperty() used: number;
  @ApiProperty() left: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reportedAt: string | null;
  @ApiProperty({ format: 'date-time' }) windowStart: string;
}

export class XeroBudgetResponse implements XeroBudgetView {
  @ApiProperty({ description: 'false when the meter (Redis) could not be read in time' }) available: boolean;
  @ApiProperty({ format: 'uuid' }) connectionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: BudgetWindowResponse, nullable: true }) minute: BudgetWindowResponse | null;
  @ApiProperty({ type: BudgetWindowResponse, nullable: true, description: 'The rolling 24 h' })
  day: BudgetWindowResponse | null;
}

export class DashboardResponse implements DashboardView {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ format: 'uuid' }) xeroConnectionId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ enum: ['hour', 'day'] }) bucket: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [EntitySeriesResponse] }) series: EntitySeriesResponse[];
  @ApiProperty({ type: [SeriesPointResponse] }) totals: SeriesPointResponse[];
  @ApiProperty({ type: RangeTotalsResponse }) range: RangeTotalsResponse;
  @ApiProperty({ type: [FlowTileResponse] }) flows: FlowTileResponse[];
  @ApiProperty({ type: DrainJobsResponse }) drainJobs: DrainJobsResponse;
  @ApiProperty({ type: XeroBudgetResponse }) xeroBudget: XeroBudgetResponse;
}

export class IntegrationSummaryResponse implements IntegrationSummary {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['active', 'paused'] }) status: string;
  @ApiProperty({ description: 'pending + claimed + waiting over its flows' }) open: number;
  @ApiProperty() waiting: number;
  @ApiProperty() held: number;
  @ApiProperty({ description: 'Open dead letters (all time)' }) dead: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Oldest open change of any flow' })
  oldestOpenAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The worst lag of its flows, seconds' })
  lagSeconds: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSettledAt: string | null;
}

export class TenantDashboardResponse implements TenantDashboardFigures {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ enum: ['hour', 'day'] }) bucket: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [EntitySeriesResponse], description: "Summed over all the tenant's integrations" })
  series: EntitySeriesResponse[];
  @ApiProperty({ type: [SeriesPointResponse] }) totals: SeriesPointResponse[];
  @ApiProperty({ type: RangeTotalsResponse }) range: RangeTotalsResponse;
  @ApiProperty({ type: [IntegrationSummaryResponse] }) integrations: IntegrationSummaryResponse[];
}

export class RecordRowResponse implements RecordRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty() sourceKey: string;
  @ApiProperty({ type: String, nullable: true }) recordKey: string | null;
  @ApiProperty({ enum: ['pending', 'claimed', 'waiting', 'held', 'done', 'dead'] })
  state: RecordRow['state'];
  @ApiProperty({ type: String, nullable: true }) action: string | null;
  @ApiProperty({ type: [String] }) messages: string[];
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, nullable: true }) waitingOn: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) settledAt: string | null;
}

export class RecordsPageResponse implements RecordsPage {
  @ApiProperty({ type: [RecordRowResponse] }) records: RecordRowResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
