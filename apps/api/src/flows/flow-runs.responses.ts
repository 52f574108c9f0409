import { ApiProperty } from '@nestjs/swagger';
import { FLOW_RUN_STATES, FlowRunState, FlowRunStepView, FlowRunView } from '#lb/sync';

// Response shapes of flow runs for the OpenAPI document; each implements the view its service returns.

export class FlowRunStepResponse implements FlowRunStepView {
  @ApiProperty() seq: number;
  @ApiProperty() nodeId: string;
  @ApiProperty({ enum: ['trigger', 'condition', 'transform', 'action', 'branch', 'wait-for-event', 'approval'] })
  nodeKind: string;
  @ApiProperty({
    description:
      "The edge taken ('true', 'false', 'event', 'timeout', 'approved', 'rejected', 'next'), or 'parked', 'handed-over', 'end', 'error'",
  })
  outcome: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the node looked at' })
  input: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What it decided' })
  output: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null while parked' })
  finishedAt: string | null;
}

export class FlowRunResponse implements FlowRunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) integrationId: string;
  @ApiProperty() flowKey: string;
  @ApiProperty() flowVersion: number;
  @ApiProperty() entity: string;
  @ApiProperty({ description: "The record's X3 key" }) sourceKey: string;
  @ApiProperty({ enum: FLOW_RUN_STATES }) state: FlowRunState;
  @ApiProperty({ description: 'The node it is parked at, or the last one walked' }) currentNode: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a parked run times out' })
  deadline: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "What a waiting run waits for: 'x3:delivery-validated:SO0042'",
  })
  waitingFor: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The action reached: upsert, create-only, flag' })
  action: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed run could not go on' })
  message: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: [FlowRunStepResponse] }) steps: FlowRunStepResponse[];
}
