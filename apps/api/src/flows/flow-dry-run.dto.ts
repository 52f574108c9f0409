import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { FLOW_DRY_RUN_LIMIT } from '#lb/sync';

export class FlowDryRunDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'An unsaved flow document to try instead of the stored one (checked as a save would be; 400 invalid_flow)',
  })
  @IsOptional()
  @IsObject()
  document?: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: FLOW_DRY_RUN_LIMIT.min,
    maximum: FLOW_DRY_RUN_LIMIT.max,
    default: FLOW_DRY_RUN_LIMIT.default,
    description: 'How many X3 records to walk',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(FLOW_DRY_RUN_LIMIT.min)
  @Max(FLOW_DRY_RUN_LIMIT.max)
  limit?: number;
}
