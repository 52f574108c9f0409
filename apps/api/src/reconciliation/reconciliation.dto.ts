import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class ReconIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

export class ReconRunPathDto extends ReconIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class ReconDifferencePathDto extends ReconRunPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  differenceId: string;

  @ApiProperty({ enum: ['approve', 'dismiss'] })
  @IsIn(['approve', 'dismiss'])
  decision: 'approve' | 'dismiss';
}

export class StartReconRunDto {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Compare documents dated up to this day (UTC); today by default',
  })
  @IsOptional()
  // a real calendar date: YYYY-MM-DD with month 01-12 and day 01-31 (PostgreSQL refuses the rest: 400 below)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'asOf must be a date like 2026-11-30' })
  asOf?: string;
}

export class MonthEndPackQueryDto {
  @ApiProperty({ example: '2026-11', description: 'The month whose last day the pack reconciles as of' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month like 2026-11' })
  month: string;
}
