import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateBy } from 'class-validator';

export class ReconIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

export class ReconRunPathDto extends ReconIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class ReconDifferencePathDto extends ReconRunPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  differenceId: string;

  @ApiProperty({ enum: ['approve', 'dismiss'] })
  @IsIn(['approve', 'dismiss'])
  decision: 'approve' | 'dismiss';
}

export class StartReconRunDto {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Compare documents dated up to this day (UTC); today by default',
  })
  @IsOptional()
  // a real calendar date: YYYY-MM-DD with month 01-12 and day 01-31 (PostgreSQL refuses the rest: 400 below)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'asOf must be a date like 2026-11-30' })
  asOf?: string;
}

export class MonthEndPackQueryDto {
  @ApiProperty({ example: '2026-11', description: 'The month whose last day the pack reconciles as of' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month like 2026-11' })
  month: string;
}

/** At most 4 value fields, each named like `accountCode` and given as text of 1 to 100 characters. */
const isEntryValue = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length >= 1 &&
  Object.keys(v).length <= 4 &&
  Object.entries(v).every(
    ([field, text]) =>
      /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(field) &&
      typeof text === 'string' &&
      text.trim().length >= 1 &&
      // control characters: refused by the fix itself (add-mapping.ts)
      text.length <= 100,
  );

export class DecideDifferenceDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 100 },
    example: { taxType: 'ZERORATED' },
    description:
      "add-mapping fixes: the lookup entry's Xero value fields (the fix's entry.valueFields), e.g. { accountCode: '310' }. Ignored by other fixes and by dismiss.",
  })
  @IsOptional()
  @IsObject()
  @ValidateBy({
    name: 'isEntryValue',
    validator: {
      validate: isEntryValue,
      defaultMessage: () => 'value must map 1 to 4 field names (like accountCode) to text of 1 to 100 characters',
    },
  })
  value?: Record<string, string>;
}
