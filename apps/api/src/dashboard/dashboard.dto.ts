import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CANONICAL_ENTITIES } from '#lb/mapping';
import { DASHBOARD_BUCKETS, RECORD_STATUSES, RECORDS_PAGE } from '#lb/sync';

const TIME_DESCRIPTION = 'ISO-8601 time with an offset (2026-12-01T00:00:00Z) or a date (midnight UTC)';
const FLOW_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: `${TIME_DESCRIPTION}; 24 h before \`to\` by default` })
  @IsOptional()
  @IsString()
  @Length(10, 40, { message: 'from must be an ISO-8601 time or date' })
  from?: string;

  @ApiPropertyOptional({ description: `${TIME_DESCRIPTION}; now by default` })
  @IsOptional()
  @IsString()
  @Length(10, 40, { message: 'to must be an ISO-8601 time or date' })
  to?: string;

  @ApiPropertyOptional({
    enum: DASHBOARD_BUCKETS,
    description: 'hour (ranges up to 7 days, the default there) or day (up to 92 days)',
  })
  @IsOptional()
  @IsIn(DASHBOARD_BUCKETS, { message: `bucket must be one of ${DASHBOARD_BUCKETS.join(', ')}` })
  bucket?: string;
}

export class RecordsQueryDto {
  @ApiPropertyOptional({ enum: CANONICAL_ENTITIES })
  @IsOptional()
  @IsIn(CANONICAL_ENTITIES, { message: `entity must be one of ${CANONICAL_ENTITIES.join(', ')}` })
  entity?: string;

  @ApiPropertyOptional({ enum: RECORD_STATUSES, description: 'A state, or open (pending, claimed or waiting)' })
  @IsOptional()
  @IsIn(RECORD_STATUSES, { message: `status must be one of ${RECORD_STATUSES.join(', ')}` })
  status?: (typeof RECORD_STATUSES)[number];

  @ApiPropertyOptional({ pattern: FLOW_KEY.source, maxLength: 63 })
  @IsOptional()
  @Length(1, 63, { message: 'flow must be a flow key' })
  @Matches(FLOW_KEY, { message: "flow must be lower-case words joined by '-' (customers, credit-notes …)" })
  flow?: string;

  @ApiPropertyOptional({ description: `${TIME_DESCRIPTION}; 7 days before \`to\` by default. The row's last change.` })
  @IsOptional()
  @IsString()
  @Length(10, 40, { message: 'from must be an ISO-8601 time or date' })
  from?: string;

  @ApiPropertyOptional({ description: `${TIME_DESCRIPTION}; now by default. At most 92 days after from.` })
  @IsOptional()
  @IsString()
  @Length(10, 40, { message: 'to must be an ISO-8601 time or date' })
  to?: string;

  @ApiPropertyOptional({ description: 'Exact source key or record key (SOHNUM, BPCNUM, InvoiceNumber …)' })
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'key must be 1 to 200 characters' })
  key?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 400, { message: 'cursor is not one this list gave out' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: RECORDS_PAGE.max, default: RECORDS_PAGE.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be a whole number from 1 to ${RECORDS_PAGE.max}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${RECORDS_PAGE.max}` })
  @Max(RECORDS_PAGE.max, { message: `limit must be a whole number from 1 to ${RECORDS_PAGE.max}` })
  limit?: number;
}
