import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class X3AuthDto {
  @ApiProperty({ enum: ['jwt', 'basic'], enumName: 'X3AuthMode' })
  @IsIn(['jwt', 'basic'])
  mode: 'jwt' | 'basic';

  /** JWT: the connected application's client id. */
  @ApiPropertyOptional({ description: "JWT: the connected application's client id", maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  clientId?: string;

  /** JWT: the connected application's secret. Never returned. */
  @ApiPropertyOptional({ description: "JWT: the connected application's secret; never returned", maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  secret?: string;

  @ApiProperty({ description: 'The X3 user the calls run as', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  user: string;

  /** Basic: the password. Never returned. */
  @ApiPropertyOptional({ description: 'Basic: the password; never returned', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  password?: string;
}

export class X3ConnectionDto {
  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ format: 'uri', description: 'The X3 web server, http(s)' })
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'baseUrl must be an http(s) URL' },
  )
  baseUrl: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'The X3 endpoint (folder), such as SEED' })
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'folder must be an X3 endpoint name such as SEED' })
  folder: string;

  @ApiProperty({ type: [String], maxItems: 50, description: 'X3 company codes' })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z0-9_-]{1,10}$/, { each: true, message: 'each company must be an X3 company code' })
  companies: string[];

  @ApiProperty({ type: () => X3AuthDto })
  @ValidateNested()
  @Type(() => X3AuthDto)
  auth: X3AuthDto;

  @ApiPropertyOptional({ description: 'Extra CA certificates (PEM) the X3 server chains to', maxLength: 20_000 })
  @IsOptional()
  @IsString()
  @Length(0, 20_000)
  caPem?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 16 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  maxConcurrency?: number;
}

export class X3CredentialsDto {
  @ApiProperty({ type: () => X3AuthDto })
  @ValidateNested()
  @Type(() => X3AuthDto)
  auth: X3AuthDto;
}
