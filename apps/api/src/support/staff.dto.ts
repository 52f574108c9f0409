import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { RECORD_KEY, RECORD_KEY_MESSAGE } from '../trail/trail.dto';

export class StaffLoginDto {
  @ApiProperty({ format: 'email' })
  @IsEmail()
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class StaffTotpDto {
  @ApiProperty({ pattern: '^\\d{6}$' })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits from your authenticator' })
  code: string;
}

export class SupportGrantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  tenantId: string;

  @ApiProperty({ minLength: 10, maxLength: 500 })
  @IsString()
  @Length(10, 500, { message: 'reason must say why you need access (10 to 500 characters)' })
  reason: string;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 240 })
  @IsInt()
  @Min(5)
  @Max(240)
  minutes: number;
}

/** A tenant's integration as support addresses it; hostile ids are refused (400) before any grant check. */
export class SupportIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  tenantId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  integrationId: string;
}

export class SupportDeadLetterPathDto extends SupportIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deadLetterId: string;
}

export class SupportRunPathDto extends SupportIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  runId: string;
}

export class SupportRecordPathDto extends SupportIntegrationPathDto {
  @ApiProperty({ description: 'The record key (SOHNUM, BPCNUM, InvoiceNumber …), its source id or its target id' })
  @Length(1, 200, { message: RECORD_KEY_MESSAGE })
  @Matches(RECORD_KEY, { message: RECORD_KEY_MESSAGE })
  recordKey: string;
}
