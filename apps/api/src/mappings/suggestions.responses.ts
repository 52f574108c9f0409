import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CANONICAL_ENTITIES,
  CanonicalEntity,
  DecisionResult,
  MappingDirection,
  SUGGESTION_KINDS,
  SuggestionKind,
  SuggestionList,
  SuggestionView,
} from '#lb/mapping';
import { MAPPING_DIRECTIONS } from './mappings.dto';

// Response shapes for the OpenAPI document; each implements the view its service returns.

export class SuggestionSideResponse {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
}

export class SuggestionAlternativeResponse extends SuggestionSideResponse {
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence: number;
}

export class SuggestionWritesToResponse {
  @ApiProperty({ description: 'The mapping entity an accepted pair is written into' }) entity: string;
  @ApiPropertyOptional({ description: 'Its lookup table (absent: a field of the mapping)' }) table?: string;
}

export class SuggestionResponse implements SuggestionView {
  @ApiProperty({ format: 'uuid', description: 'The key to accept or reject it by' }) id: string;
  @ApiProperty({ enum: SUGGESTION_KINDS, enumName: 'SuggestionKind' }) kind: SuggestionKind;
  @ApiProperty({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection' }) direction: MappingDirection;
  @ApiProperty({ description: "journal, sales or purchase (lookups); the mapping's entity (fields)" })
  scope: string;
  @ApiProperty({ type: SuggestionSideResponse }) source: SuggestionSideResponse;
  @ApiProperty({ type: SuggestionSideResponse }) target: SuggestionSideResponse;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence: number;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ type: [SuggestionAlternativeResponse] }) alternatives: SuggestionAlternativeResponse[];
  @ApiProperty({ enum: ['proposed', 'accepted', 'rejected'] }) status: 'proposed' | 'accepted' | 'rejected';
  @ApiProperty({ type: SuggestionWritesToResponse }) writesTo: SuggestionWritesToResponse;
}

export class SuggestionListResponse implements SuggestionList {
  @ApiProperty({ enum: SUGGESTION_KINDS, enumName: 'SuggestionKind' }) kind: SuggestionKind;
  @ApiProperty({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection' }) direction: MappingDirection;
  @ApiPropertyOptional({ type: [String], description: 'X3 charts of accounts in the folder (accounts)' })
  charts?: string[];
  @ApiPropertyOptional({ description: 'The chart read (accounts)' }) chart?: string;
  @ApiPropertyOptional({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity', description: 'fields' })
  entity?: CanonicalEntity;
  @ApiProperty({ type: [SuggestionResponse] }) suggestions: SuggestionResponse[];
}

export class DecisionResponse implements DecisionResult {
  @ApiProperty({ type: SuggestionResponse }) suggestion: SuggestionResponse;
  @ApiPropertyOptional({ description: 'The mapping version an accepted pair was written into' })
  mappingVersion?: number;
}
