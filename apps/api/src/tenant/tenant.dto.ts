import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ROLES, Role } from '#lb/database';

export class ChangeRoleDto {
  @IsIn(ROLES)
  role: Role;
}

export class InviteDto {
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @IsIn(ROLES)
  role: Role;
}

export class RenameTenantDto {
  @IsString()
  @Length(2, 120)
  name: string;
}

export class AuditQueryDto {
  @IsOptional()
  @Matches(/^[a-z_.]{1,64}$/, { message: 'action must look like member.invited or member.' })
  action?: string;

  @IsOptional()
  @IsIn(['user', 'staff', 'system'])
  actorKind?: 'user' | 'staff' | 'system';

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class DeleteTenantDto {
  /** The organisation's name, typed again: deletion is not undone by a stray click. */
  @IsString()
  @Length(1, 120)
  confirmName: string;
}
