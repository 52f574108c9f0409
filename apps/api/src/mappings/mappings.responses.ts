import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANONICAL_ENTITIES,
  CanonicalEntity,
  DocumentChange,
  FieldChange,
  MappingDirection,
  MappingSummary,
  VersionDiff,
  VersionSummary,
  VersionView,
} from '#lb/mapping';
import { MAPPING_DIRECTIONS } from './mappings.dto';

// Response shapes for the OpenAPI document; each implements the view its service returns.

export class MappingSummaryResponse implements MappingSummary {
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' }) entity: CanonicalEntity;
  @ApiProperty({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection' }) direction: MappingDirection;
  @ApiProperty() activeVersion: number;
  @ApiProperty() versionCount: number;
  @ApiProperty({ format: 'date-time', description: 'Changes from then on use the active version' })
  activeSince: string;
}

export class VersionSummaryResponse implements VersionSummary {
  @ApiProperty() version: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) authorUserId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Set on a roll-back: the version copied' })
  copiedFromVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty() active: boolean;
}

export class VersionResponse extends VersionSummaryResponse implements VersionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' }) entity: CanonicalEntity;
  @ApiProperty({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection' }) direction: MappingDirection;
  @ApiProperty({ type: 'object', additionalProperties: true }) document: Record<string, unknown>;
}

/** One difference: between two versions (DocumentChange) or a target's state and a payload (FieldChange). */
export class FieldChangeResponse implements FieldChange, DocumentChange {
  @ApiProperty({
    description:
      'Where: `fields[contact.name]`, `lookups[sales-accounts].entries[GOODS|FRA]`, `lineItems[0].accountCode`',
  })
  path: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'], enumName: 'FieldChangeKind' })
  kind: 'added' | 'removed' | 'changed';
  @ApiPropertyOptional({ description: 'Any JSON value' }) before?: unknown;
  @ApiPropertyOptional({ description: 'Any JSON value' }) after?: unknown;
}

export class VersionDiffResponse implements VersionDiff {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [FieldChangeResponse] }) changes: FieldChangeResponse[];
}
