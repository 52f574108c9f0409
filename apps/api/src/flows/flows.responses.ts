import { ApiProperty } from '@nestjs/swagger';
import type {
  DeadLetterDetail,
  DeadLetterView,
  FlowDocument,
  FlowOverview,
  FlowVersionSummary,
  FlowVersionView,
  HeldChangeView,
  WaitingChangeView,
  IntegrationFlows,
  PauseState,
  StarterInstallReport,
  StateCounts,
} from '#lb/sync';

// Response shapes for the OpenAPI document; each implements the view its service returns.

export class StateCountsResponse implements StateCounts {
  @ApiProperty() pending: number;
  @ApiProperty() claimed: number;
  @ApiProperty() waiting: number;
  @ApiProperty({ description: 'Needs an accountant' }) held: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'Dead letters' }) dead: number;
}

export class FlowOverviewResponse implements FlowOverview {
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty({ enum: ['x3-to-xero', 'xero-to-x3', 'both-ways'] }) direction: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) trigger: FlowDocument['trigger'];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: [String], description: "The flow's own pause: 'billing' when the plan does not include it" })
  pauseReasons: string[];
  @ApiProperty() activeVersion: number;
  @ApiProperty({ type: StateCountsResponse }) counts: StateCountsResponse;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Minutes until what is pending is through at the recent rate; null when nothing moved lately',
  })
  backfillEtaMinutes: number | null;
}

export class IntegrationFlowsResponse implements IntegrationFlows {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ enum: ['active', 'paused'] }) status: string;
  @ApiProperty({ type: [String], description: "Why sync is paused: 'user', 'reauthorisation', 'billing'" })
  pauseReasons: string[];
  @ApiProperty({ description: 'Records settled per minute over the last 15 minutes' }) recordsPerMinute: number;
  @ApiProperty({ type: [FlowOverviewResponse] }) flows: FlowOverviewResponse[];
}

export class FlowVersionSummaryResponse implements FlowVersionSummary {
  @ApiProperty() version: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) authorUserId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() active: boolean;
}

export class FlowVersionResponse implements FlowVersionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) document: FlowDocument;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) authorUserId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() active: boolean;
}

export class PauseStateResponse implements PauseState {
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty({ enum: ['active', 'paused'] }) status: string;
  @ApiProperty({ type: [String] }) pauseReasons: string[];
}

export class DeadLetterResponse implements DeadLetterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty({ description: "X3's _id or the Xero id of the source record" }) sourceKey: string;
  @ApiProperty({ type: Number, nullable: true }) mappingVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: [String], description: "The target's own words, or the mapping's issues" }) messages: string[];
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) at: string | null;
}

export class DeadLetterDetailResponse extends DeadLetterResponse implements DeadLetterDetail {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The source record as it was read (bank and tax numbers masked)',
  })
  source: Record<string, unknown> | null;
}

export class WaitingChangeResponse implements WaitingChangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty({ description: "X3's _id or the Xero id of the source record" }) sourceKey: string;
  @ApiProperty({ description: "What it waits for: 'customer:C0042', 'mapping:taxCodes:S20' …" }) waitingOn: string;
  @ApiProperty({ description: 'Waiting for a lookup entry: released when a mapping version adds it' })
  forMapping: boolean;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class HeldChangeResponse implements HeldChangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty() sourceKey: string;
  @ApiProperty({ type: Number, nullable: true }) mappingVersion: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'What an accountant would have to do' })
  proposal: string | null;
  @ApiProperty({ type: [String] }) messages: string[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) at: string | null;
}

export class ReplayResultResponse {
  @ApiProperty({ description: 'Dead letters put back to be carried over again' }) replayed: number;
}

export class InstalledMappingResponse {
  @ApiProperty() entity: string;
  @ApiProperty({ enum: ['x3-to-xero', 'xero-to-x3'] }) direction: string;
  @ApiProperty() version: number;
}

export class InstalledFlowResponse {
  @ApiProperty() flowKey: string;
  @ApiProperty() enabled: boolean;
}

export class StarterInstallResponse implements StarterInstallReport {
  @ApiProperty({ enum: ['NZ', 'AU', 'UK', 'US'] }) region: StarterInstallReport['region'];
  @ApiProperty({ type: [InstalledMappingResponse] }) mappingsInstalled: InstalledMappingResponse[];
  @ApiProperty({ type: [InstalledFlowResponse] }) flowsInstalled: InstalledFlowResponse[];
}
