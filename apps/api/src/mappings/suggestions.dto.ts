import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CANONICAL_ENTITIES, CanonicalEntity, MappingDirection, SUGGESTION_KINDS, SuggestionKind } from '#lb/mapping';
import { IntegrationPathDto, MAPPING_DIRECTIONS } from './mappings.dto';

export class SuggestionsQueryDto {
  @ApiProperty({ enum: SUGGESTION_KINDS, enumName: 'SuggestionKind' })
  @IsIn(SUGGESTION_KINDS, { message: `kind must be one of ${SUGGESTION_KINDS.join(', ')}` })
  kind: SuggestionKind;

  @ApiPropertyOptional({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection', default: 'x3-to-xero' })
  @IsOptional()
  @IsIn(MAPPING_DIRECTIONS, { message: `direction must be one of ${MAPPING_DIRECTIONS.join(', ')}` })
  direction?: MappingDirection;

  @ApiPropertyOptional({ description: "The X3 chart of accounts to read (default: the company's)", maxLength: 20 })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'chart must be an X3 chart code (letters, digits, _ and -)' })
  chart?: string;

  @ApiPropertyOptional({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity', description: 'For kind=fields' })
  @IsOptional()
  @IsIn(CANONICAL_ENTITIES, { message: 'entity must be a mapping entity (customer, invoice …)' })
  entity?: CanonicalEntity;
}

export class SuggestionPathDto extends IntegrationPathDto {
  @ApiProperty({ format: 'uuid', description: 'The suggestion id (its key)' })
  @IsUUID('all', { message: 'suggestion key must be a suggestion id (uuid)' })
  suggestionId: string;
}
