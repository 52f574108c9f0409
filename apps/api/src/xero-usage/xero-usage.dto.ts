import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min, Validate, ValidatorConstraint } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }
  defaultMessage(): string {
    return 'date must be a real calendar date (YYYY-MM-DD)';
  }
}

export class TenantUsageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 40, default: 14, description: 'UTC days of history, today last' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number from 1 to 40' })
  @Min(1, { message: 'days must be a whole number from 1 to 40' })
  @Max(40, { message: 'days must be a whole number from 1 to 40' })
  days?: number;
}

export class OperatorUsageQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'A UTC day (YYYY-MM-DD), today by default' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @Validate(CalendarDate)
  date?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this tenant's row (what did one tenant use that day?)" })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be a UUID' })
  tenantId?: string;
}
