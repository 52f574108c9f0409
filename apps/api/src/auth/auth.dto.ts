import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';

export class SwitchTenantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  tenantId: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })
  @IsString()
  @Length(20, 100)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not an invitation token' })
  token: string;
}
