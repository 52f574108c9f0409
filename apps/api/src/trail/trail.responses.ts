import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECORD_EVENTS, RecordEventKind, RecordEventView, RunView, SyncRunOutcome } from '#lb/sync';

// Response shapes of the run log and record trail for the OpenAPI document.

export class RunCountsResponse {
  @ApiProperty() claimed: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() dead: number;
  @ApiProperty() held: number;
  @ApiProperty() waiting: number;
}

export class RunResponse implements RunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() flowKey: string;
  @ApiProperty({ description: 'x3-to-xero, xero-to-x3 or both-ways' }) direction: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) finishedAt: string;
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: RunCountsResponse }) counts: RunCountsResponse;
  @ApiProperty({ description: 'Xero API calls the run made' }) xeroCalls: number;
  @ApiProperty({ enum: ['ok', 'partial', 'failed'] }) outcome: SyncRunOutcome;
  @ApiProperty({ description: 'The drain report status: drained, retrying, rate-limited, paused, failed …' })
  status: string;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class RecordEventResponseBody {
  @ApiProperty({ required: false, description: 'created, updated, unchanged, matched, skipped …' }) action?: string;
  @ApiProperty({ required: false, description: "The target's id (Xero id, X3 key)" }) targetId?: string;
  @ApiProperty({ required: false, type: [String], description: "The target's own words" }) messages?: string[];
  @ApiProperty({ required: false }) proposal?: string;
  @ApiProperty({ required: false }) waitingOn?: string;
  @ApiProperty({ required: false }) error?: string;
}

export class RecordEventResponse implements RecordEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) runId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) pendingChangeId: string | null;
  @ApiProperty() flowKey: string;
  @ApiProperty() entity: string;
  @ApiProperty() direction: string;
  @ApiProperty({ enum: RECORD_EVENTS }) event: RecordEventKind;
  @ApiProperty({ type: String, nullable: true, description: 'accepted/replayed: webhook, poll, backfill, replay …' })
  intake: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() sourceKey: string;
  @ApiProperty({ description: 'SOHNUM, BPCNUM, NUM, InvoiceNumber, ContactNumber, Name …' }) recordKey: string;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: RecordEventResponseBody, nullable: true }) response: RecordEventResponseBody | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The source record as read (bank and tax numbers masked); on a record trail only',
  })
  before?: Record<string, unknown> | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What was sent to the target (masked); on a record trail only',
  })
  after?: Record<string, unknown> | null;
}

export class RunDetailResponse extends RunResponse {
  @ApiProperty({ type: [RecordEventResponse], description: "The run's log lines, oldest first" })
  events: RecordEventResponse[];
}

export class RunsPageResponse {
  @ApiProperty({ type: [RunResponse] }) items: RunResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class TrailPageResponse {
  @ApiProperty({ type: [RecordEventResponse] }) items: RecordEventResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
