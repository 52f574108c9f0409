import { IsEmail, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class StaffLoginDto {
  @IsEmail()
  email: string;

  @IsString()
  @Length(1, 200)
  password: string;
}

export class StaffTotpDto {
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from your authenticator' })
  code: string;
}

export class SupportGrantDto {
  @IsUUID()
  tenantId: string;

  @IsString()
  @Length(10, 500, { message: 'reason must say why you need access (10 to 500 characters)' })
  reason: string;

  @IsInt()
  @Min(5)
  @Max(240)
  minutes: number;
}
