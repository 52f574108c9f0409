import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
} from 'class-validator';
import { LIST_LIMIT } from '#lb/sync';

const FLOW_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FLOW_KEY_MESSAGE = "flowKey must be lower-case words joined by '-' (customers, credit-notes …)";
/** A replay names at most this many source keys; more is a replay of all. */
export const REPLAY_MAX_KEYS = 1000;

export class IntegrationIdPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class FlowPathDto extends IntegrationIdPathDto {
  @ApiProperty({ pattern: FLOW_KEY.source, maxLength: 63 })
  @Length(1, 63)
  @Matches(FLOW_KEY, { message: FLOW_KEY_MESSAGE })
  flowKey: string;
}

export class FlowVersionPathDto extends FlowPathDto {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;
}

export class HeldPathDto extends IntegrationIdPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  heldId: string;
}

export class DeadLetterPathDto extends IntegrationIdPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deadLetterId: string;
}

export class SaveFlowDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The flow document: entity, direction, trigger, steps, options, enabled',
  })
  @IsObject()
  document: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version this edit started from: when another save came first, the save is refused (409)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  basedOnVersion?: number;
}

export class ListQueryDto {
  @ApiPropertyOptional({ pattern: FLOW_KEY.source })
  @IsOptional()
  @Length(1, 63)
  @Matches(FLOW_KEY, { message: FLOW_KEY_MESSAGE })
  flowKey?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIST_LIMIT.max, default: LIST_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_LIMIT.max)
  limit?: number;
}

export class ReplayDto {
  @ApiProperty({ pattern: FLOW_KEY.source })
  @Length(1, 63)
  @Matches(FLOW_KEY, { message: FLOW_KEY_MESSAGE })
  flowKey: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: REPLAY_MAX_KEYS,
    description: 'The source keys to replay (one or a selection); omitted: all dead letters of the flow',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPLAY_MAX_KEYS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  sourceKeys?: string[];

  @ApiProperty({
    enum: ['pinned', 'newest'],
    description: "'pinned': the mapping version the failed attempt ran; 'newest': the flow's active mapping",
  })
  @IsIn(['pinned', 'newest'])
  version: 'pinned' | 'newest';
}
