import { IsString, IsUUID, Length, Matches } from 'class-validator';

export class SwitchTenantDto {
  @IsUUID()
  tenantId: string;
}

export class AcceptInvitationDto {
  @IsString()
  @Length(20, 100)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not an invitation token' })
  token: string;
}
