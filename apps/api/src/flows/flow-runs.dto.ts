import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { FLOW_RUN_STATES } from '#lb/sync';
import { FlowPathDto } from './flows.dto';

export class FlowRunsPathDto extends FlowPathDto {}

export class FlowRunsQueryDto {
  @ApiPropertyOptional({ enum: FLOW_RUN_STATES, description: 'Only runs in this state' })
  @IsOptional()
  @IsIn(FLOW_RUN_STATES)
  status?: (typeof FLOW_RUN_STATES)[number];
}

export class FlowRunPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class FlowRunDecisionDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'Why: kept with the run step and in the audit trail' })
  @IsString()
  @Length(1, 1000)
  comment: string;
}
