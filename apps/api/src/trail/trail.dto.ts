import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { RECORD_EVENTS, RecordEventKind, SyncRunOutcome, TRAIL_LIMIT } from '#lb/sync';

const FLOW_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A record key as people type them: SO00042, INV-0042, "Acme Ltd", a Xero id … no control characters. */
export const RECORD_KEY = /^[^\p{Cc}]+$/u;
export const RECORD_KEY_MESSAGE = 'key must be 1 to 200 printable characters';
const CURSOR = /^[A-Za-z0-9_-]+$/;
const DATE_MESSAGE = (name: string) => `${name} must be an ISO-8601 date-time (2026-01-31T00:00:00Z)`;
const OUTCOMES: readonly SyncRunOutcome[] = ['ok', 'partial', 'failed'];

export class TrailIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

export class TrailRunPathDto extends TrailIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class TrailRecordPathDto extends TrailIntegrationPathDto {
  @ApiProperty({ description: 'The record key (SOHNUM, BPCNUM, InvoiceNumber …), its source id or its target id' })
  @Length(1, 200, { message: RECORD_KEY_MESSAGE })
  @Matches(RECORD_KEY, { message: RECORD_KEY_MESSAGE })
  recordKey: string;
}

class PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this time (inclusive), UTC ISO-8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this time (exclusive), UTC ISO-8601' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Length(1, 200)
  @Matches(CURSOR, { message: 'cursor must be a nextCursor this list handed out' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: TRAIL_LIMIT.max, default: TRAIL_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRAIL_LIMIT.max)
  limit?: number;
}

export class RunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A flow key (customers, invoices …)' })
  @IsOptional()
  @Length(1, 63)
  @Matches(FLOW_KEY, { message: "flow must be lower-case words joined by '-' (customers, credit-notes …)" })
  flow?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: SyncRunOutcome;
}

export class TrailQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A prefix of the record key, the source id or the target id' })
  @IsOptional()
  @Length(1, 200, { message: RECORD_KEY_MESSAGE })
  @Matches(RECORD_KEY, { message: RECORD_KEY_MESSAGE })
  key?: string;

  @ApiPropertyOptional({ description: 'A canonical entity: customer, invoice, salesOrder …' })
  @IsOptional()
  @Matches(/^[a-zA-Z]{1,40}$/, { message: 'entity must be a canonical entity name (customer, invoice …)' })
  entity?: string;

  @ApiPropertyOptional({ enum: RECORD_EVENTS, description: 'The event: written, dead, held, waiting …' })
  @IsOptional()
  @IsIn(RECORD_EVENTS)
  status?: RecordEventKind;
}
