import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_REPORTING_PAGE, REPORTING_VIEWS } from '#lb/reporting';

export class CreateReportingKeyDto {
  @ApiProperty({ description: 'What the key is for, e.g. "Power BI finance workspace"', maxLength: 80 })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'name must not contain control characters' })
  name: string;
}

export class ReportingKeyPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  keyId: string;
}

export class ReportingViewPathDto {
  @ApiProperty({ enum: REPORTING_VIEWS.map((v) => v.name) })
  @IsIn(REPORTING_VIEWS.map((v) => v.name), {
    message: 'view must be one of the views GET /api/reporting/v1/views lists',
  })
  view: string;
}

export class ReportingViewQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ description: 'Only rows made at or after this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 date or instant' })
  since?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this integration's rows (views with an integration)" })
  @IsOptional()
  @IsUUID()
  integration?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REPORTING_PAGE, default: 1000, description: 'JSON page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_REPORTING_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
