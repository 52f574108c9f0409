import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANONICAL_ENTITIES,
  CanonicalEntity,
  DryRunAction,
  DryRunCounts,
  DryRunRecord,
  DryRunResult,
  RecordIssue,
  RESYNC_SKIP_REASONS,
  ResyncPreview,
  ResyncSkip,
  ResyncSkipReason,
} from '#lb/mapping';
import { FieldChangeResponse } from './mappings.responses';

export class RecordIssueResponse implements RecordIssue {
  @ApiProperty() field: string;
  @ApiProperty({ description: 'The rule that failed (required, max-length, lookup, xero-unknown-account …)' })
  rule: string;
  @ApiProperty() message: string;
}

export class MissingLookupResponse {
  @ApiProperty() table: string;
  @ApiProperty({ type: [String] }) key: string[];
}

const ACTIONS = ['create', 'update', 'skip', 'invalid', 'waiting'] as const satisfies readonly DryRunAction[];

export class DryRunRecordResponse implements DryRunRecord {
  @ApiProperty({ description: "The source record's key (X3 _id; a Xero contact's ContactID for xero-to-x3)" })
  sourceKey: string;
  @ApiProperty({ enum: ACTIONS, enumName: 'DryRunAction' }) action: DryRunAction;
  @ApiPropertyOptional({ description: 'Why it is skipped: unchanged, or the filter or status map' }) reason?: string;
  @ApiPropertyOptional({ description: "The target record's id (update, unchanged)" }) targetId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'What the target would become' })
  payload?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'x3-to-xero: the canonical record the mapping read (the source fields the studio lists)',
  })
  canonical?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [FieldChangeResponse], description: "Against the target's current state" })
  changes?: FieldChangeResponse[];
  @ApiPropertyOptional({ type: [RecordIssueResponse] }) issues?: RecordIssueResponse[];
  @ApiPropertyOptional({
    type: [MissingLookupResponse],
    description: 'Lookup entries, or Xero items and contacts (table items / contacts), it waits for',
  })
  missing?: MissingLookupResponse[];
}

export class DryRunCountsResponse implements DryRunCounts {
  @ApiProperty() create: number;
  @ApiProperty() update: number;
  @ApiProperty() skip: number;
  @ApiProperty() invalid: number;
  @ApiProperty() waiting: number;
}

export class DryRunResponse implements DryRunResult {
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' }) entity: CanonicalEntity;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ description: 'An unsaved document ran; version is the stored one it was based on' })
  draft?: boolean;
  @ApiProperty({ description: 'Source records read' }) read: number;
  @ApiProperty({ type: DryRunCountsResponse }) counts: DryRunCountsResponse;
  @ApiProperty({ type: [DryRunRecordResponse] }) records: DryRunRecordResponse[];
}

export class ResyncSkipResponse implements ResyncSkip {
  @ApiProperty() sourceKey: string;
  @ApiProperty() targetId: string;
  // Xero: paid, voided, locked; X3: paid, posted (validated, or a payment), closed (inactive partner)
  @ApiProperty({ enum: RESYNC_SKIP_REASONS, enumName: 'ResyncSkipReason' }) reason: ResyncSkipReason;
  @ApiProperty() detail: string;
}

export class ResyncPreviewResponse implements ResyncPreview {
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' }) entity: CanonicalEntity;
  @ApiProperty() version: number;
  @ApiProperty() read: number;
  @ApiProperty({ type: [DryRunRecordResponse] }) wouldUpdate: DryRunRecordResponse[];
  @ApiProperty({ type: [ResyncSkipResponse] }) wouldSkip: ResyncSkipResponse[];
  @ApiProperty({ type: DryRunCountsResponse }) unaffected: DryRunCountsResponse;
}

export class DocumentIssueResponse {
  @ApiProperty({ description: 'Where in the document: $.fields[3].source.expression' }) path: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ description: 'Character offset in the expression (JSONata syntax errors)' })
  position?: number;
}

export class DocumentCheckResponse {
  @ApiProperty({ description: 'Empty when the document would be accepted by a save', type: [DocumentIssueResponse] })
  issues: DocumentIssueResponse[];
}
