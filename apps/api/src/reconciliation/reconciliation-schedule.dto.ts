import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { RECON_CADENCES, type ReconCadence } from '#lb/reconciliation';

export class ReconScheduleDto {
  @ApiProperty({
    enum: RECON_CADENCES,
    description:
      'daily reconciles yesterday; weekly runs on Mondays (as of Sunday); monthly on the 1st (the month end)',
  })
  @IsIn(RECON_CADENCES)
  cadence: ReconCadence;

  @ApiProperty({ minimum: 0, maximum: 23, description: 'The hour the run starts, UTC' })
  @IsInt()
  @Min(0)
  @Max(23)
  hourUtc: number;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;
}

export class ReconScheduleResponse {
  @ApiProperty({ format: 'uuid' })
  integrationId: string;
  @ApiProperty({ enum: RECON_CADENCES })
  cadence: string;
  @ApiProperty()
  hourUtc: number;
  @ApiProperty()
  enabled: boolean;
  @ApiProperty({ format: 'date-time' })
  nextRunAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  lastRunId: string | null;
}

export class ReconScheduleEnvelope {
  @ApiProperty({
    type: ReconScheduleResponse,
    nullable: true,
    description: 'null: the integration reconciles on demand only',
  })
  schedule: ReconScheduleResponse | null;
}
