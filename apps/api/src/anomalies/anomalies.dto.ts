import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ANOMALY_KINDS, FINDING_STATUSES, FINDINGS_LIMIT, type AnomalyKind, type FindingStatus } from '#lb/sync';

export class AnomalyFindingPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  findingId: string;
}

export class AnomalyListQueryDto {
  @ApiPropertyOptional({
    enum: FINDING_STATUSES,
    description: 'held: a duplicate waiting for a decision; open: written and flagged',
  })
  @IsOptional()
  @IsIn(FINDING_STATUSES)
  status?: FindingStatus;

  @ApiPropertyOptional({ enum: ANOMALY_KINDS })
  @IsOptional()
  @IsIn(ANOMALY_KINDS)
  kind?: AnomalyKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  integrationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: FINDINGS_LIMIT.max, default: FINDINGS_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FINDINGS_LIMIT.max)
  limit?: number;
}
