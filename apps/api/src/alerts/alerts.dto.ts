import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ALERT_KINDS, type AlertKind } from '#lb/sync';

export class AlertRulePathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ruleId: string;
}

export class AlertListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'] })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  state?: 'open' | 'resolved';
}

export class CreateAlertRuleDto {
  @ApiProperty({ example: 'Invoices failing' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ALERT_KINDS })
  @IsIn(ALERT_KINDS)
  kind: AlertKind;

  @ApiProperty({
    description:
      'N of the kind: failures in the window (flow-failing), dead letters (dead-letters, alert above N), minutes (lag), percent of the day spent (budget), hours (waiting); 0 for reauthorisation',
    minimum: 0,
    maximum: 1000000,
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  threshold: number;

  @ApiPropertyOptional({ description: 'flow-failing: the window failures are counted in (default 60)', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  windowMinutes?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this integration (default: all)' })
  @IsOptional()
  @IsUUID()
  integrationId?: string;

  @ApiPropertyOptional({ example: 'invoices', description: 'Only this flow (default: all)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'flowKey must be a flow key (lower-case letters, digits, dashes)' })
  flowKey?: string;

  @ApiPropertyOptional({ type: [String], example: ['finance@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'each of emailRecipients must be an email address' })
  @MaxLength(254, { each: true })
  emailRecipients?: string[];

  @ApiPropertyOptional({ example: 'https://hooks.slack.com/services/T000/B000/XXXX' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string;
}
