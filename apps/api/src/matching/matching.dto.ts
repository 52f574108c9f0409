import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { MATCH_ENTITIES, MatchEntity, MatchingConfirmation } from '#lb/sync';

export class MatchingPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

/** Lines named one by one; a bulk confirmation uses acceptAll (the body limit applies too). */
const MAX_LINES = 20_000;

export class AcceptedMatchDto {
  @ApiProperty({ enum: MATCH_ENTITIES, enumName: 'MatchEntity' })
  @IsIn(MATCH_ENTITIES)
  entity: MatchEntity;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  x3Key: string;

  @ApiPropertyOptional({ description: 'For an ambiguous line: the candidate chosen' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  xeroId?: string;
}

const PARTIES = ['customer', 'supplier'] as const;

export class ContactRenameDto {
  @ApiProperty({ enum: PARTIES })
  @IsIn(PARTIES)
  entity: 'customer' | 'supplier';

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  x3Key: string;

  @ApiProperty({ description: 'The Xero contact name to use (≤ 255 characters, held by no other contact)' })
  @IsString()
  @Length(1, 255)
  name: string;
}

export class ConfirmMatchingDto implements MatchingConfirmation {
  @ApiProperty({ format: 'uuid', description: 'The run reviewed (GET answers it)' })
  @IsUUID()
  runId: string;

  @ApiPropertyOptional({ description: 'Accept every proposed match' })
  @IsOptional()
  @IsBoolean()
  acceptAll?: boolean;

  @ApiPropertyOptional({ type: [AcceptedMatchDto] })
  @IsOptional()
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => AcceptedMatchDto)
  accept?: AcceptedMatchDto[];

  @ApiPropertyOptional({ type: [ContactRenameDto] })
  @IsOptional()
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => ContactRenameDto)
  renames?: ContactRenameDto[];
}
