import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ROLES, Role } from '#lb/database';

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES)
  role: Role;
}

export class InviteDto {
  @ApiProperty({ format: 'email' })
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES)
  role: Role;
}

export class RenameTenantDto {
  @ApiProperty({ minLength: 2, maxLength: 120 })
  @IsString()
  @Length(2, 120)
  name: string;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'An action (member.invited) or a prefix of one (member.)' })
  @IsOptional()
  @Matches(/^[a-z_.]{1,64}$/, { message: 'action must look like member.invited or member.' })
  action?: string;

  @ApiPropertyOptional({ enum: ['user', 'staff', 'system'] })
  @IsOptional()
  @IsIn(['user', 'staff', 'system'])
  actorKind?: 'user' | 'staff' | 'system';

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries older than this (paging)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class DeleteTenantDto {
  /** The organisation's name, typed again: deletion is not undone by a stray click. */
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  confirmName: string;
}
