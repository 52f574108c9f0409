import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role } from '#lb/database';
import { DryPathStep, DryStop, DryStopKind, FlowAction, FlowDryRunRecord, FlowDryRunResult } from '#lb/sync';
import { CANONICAL_ENTITIES, CanonicalEntity } from '#lb/mapping';
import { DryRunRecordResponse } from '../mappings/dry-run.responses';

// Response shapes of a flow's dry run for the OpenAPI document; each implements the service's view.

export class DryPathStepResponse implements DryPathStep {
  @ApiProperty() nodeId: string;
  @ApiProperty({ description: "The node's kind (a linear flow's step kind)" }) kind: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The edge it would leave by ('next', 'true', 'false', 'event' …); null where the walk stops",
  })
  edge: string | null;
  @ApiPropertyOptional({ description: "Why: the condition's value, an event already seen …" }) note?: string;
}

const STOPS = ['action', 'end', 'wait', 'approval', 'error'] as const satisfies readonly DryStopKind[];

export class DryStopResponse implements DryStop {
  @ApiProperty({ enum: STOPS, enumName: 'FlowDryStopKind' }) kind: DryStopKind;
  @ApiProperty() nodeId: string;
  @ApiProperty({ description: "What a person reads: 'would wait for approval by admin' …" }) detail: string;
  @ApiPropertyOptional({ enum: ['upsert', 'create-only', 'flag'] }) action?: FlowAction;
  @ApiPropertyOptional({ description: "A wait: the event key, 'x3:delivery-validated:<order>'" }) waitingFor?: string;
  @ApiPropertyOptional({ description: 'A wait: whether the event is already known (then the walk goes on)' })
  eventKnown?: boolean;
  @ApiPropertyOptional({ enum: ['owner', 'admin', 'viewer'] }) role?: Role;
}

export class FlowDryRunRecordResponse implements FlowDryRunRecord {
  @ApiProperty({ description: "The X3 record's key" }) sourceKey: string;
  @ApiProperty({ type: [DryPathStepResponse] }) path: DryPathStepResponse[];
  @ApiProperty({ type: DryStopResponse }) stop: DryStopResponse;
  @ApiPropertyOptional({
    type: DryRunRecordResponse,
    description: "The mapping dry run's outcome, for a record reaching a writing action",
  })
  mapping?: DryRunRecordResponse;
}

export class FlowDryRunResponse implements FlowDryRunResult {
  @ApiProperty() flowKey: string;
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' }) entity: CanonicalEntity;
  @ApiProperty({ type: Number, nullable: true, description: 'The stored version in force (null: not saved yet)' })
  version: number | null;
  @ApiPropertyOptional({ description: 'Set when an unsaved document was walked' }) draft?: boolean;
  @ApiProperty({ description: 'The mapping version the transform ran' }) mappingVersion: number;
  @ApiProperty({ description: 'X3 records read' }) read: number;
  @ApiProperty({ type: [FlowDryRunRecordResponse] }) records: FlowDryRunRecordResponse[];
}
