import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { CANONICAL_ENTITIES, CanonicalEntity, MappingDirection } from '#lb/mapping';

export const MAPPING_DIRECTIONS = ['x3-to-xero', 'xero-to-x3'] as const satisfies readonly MappingDirection[];

export class IntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

export class MappingPathDto extends IntegrationPathDto {
  @ApiProperty({ enum: CANONICAL_ENTITIES, enumName: 'CanonicalEntity' })
  @IsIn(CANONICAL_ENTITIES)
  entity: CanonicalEntity;

  @ApiProperty({ enum: MAPPING_DIRECTIONS, enumName: 'MappingDirection' })
  @IsIn(MAPPING_DIRECTIONS)
  direction: MappingDirection;
}

export class VersionPathDto extends MappingPathDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class LookupPathDto extends MappingPathDto {
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9_-]*$' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'name must be a lookup table name (a-z, 0-9, _ and -)' })
  name: string;
}

export class SaveMappingDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The mapping document (schema 1): fields, lookups, statusMap, defaults, options',
  })
  @IsObject()
  document: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  comment?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description:
      'The active version this edit started from: when another save made a newer one meanwhile, the save is refused (409) and nothing is stored',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

export class RollBackDto {
  @ApiProperty({ minimum: 1, description: 'The version whose document the new version copies' })
  @IsInt()
  @Min(1)
  toVersion: number;
}

export class DiffQueryDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to: number;
}

export class LookupTableDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The lookup table without its name (kind, keyFields, entries, ignoreCase), as in the document',
  })
  @IsObject()
  table: Record<string, unknown>;
}

export class StatusMapDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The status map (from, target, entries, otherwise), or null to remove it',
  })
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  statusMap: Record<string, unknown> | null;
}

export class DryRunDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10, description: 'How many source records to read' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The version to try; the active one when omitted' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DraftDryRunDto extends DryRunDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'An unsaved document to try instead of a stored version (checked as a save would be; refused with 400)',
  })
  @IsOptional()
  @IsObject()
  document?: Record<string, unknown>;
}

export class CheckDocumentDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The mapping document to check' })
  @IsObject()
  document: Record<string, unknown>;
}

export class ResyncPreviewDto extends DryRunDto {}
