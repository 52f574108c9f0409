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
  @IsIn(['jwt', 'basic'])
  mode: 'jwt' | 'basic';

  /** JWT: the connected application's client id. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  clientId?: string;

  /** JWT: the connected application's secret. Never returned. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  secret?: string;

  @IsString()
  @Length(1, 100)
  user: string;

  /** Basic: the password. Never returned. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  password?: string;
}

export class X3ConnectionDto {
  @IsString()
  @Length(1, 120)
  name: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'baseUrl must be an http(s) URL' },
  )
  baseUrl: string;

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'folder must be an X3 endpoint name such as SEED' })
  folder: string;

  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Za-z0-9_-]{1,10}$/, { each: true, message: 'each company must be an X3 company code' })
  companies: string[];

  @ValidateNested()
  @Type(() => X3AuthDto)
  auth: X3AuthDto;

  @IsOptional()
  @IsString()
  @Length(0, 20_000)
  caPem?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  maxConcurrency?: number;
}

export class X3CredentialsDto {
  @ValidateNested()
  @Type(() => X3AuthDto)
  auth: X3AuthDto;
}
