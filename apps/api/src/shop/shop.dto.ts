import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export class ShopIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class ShopConnectionPathDto extends ShopIntegrationPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  connectionId: string;
}

export class ShopCustomerDefaultsDto {
  @ApiProperty({ example: 'NZD', description: 'Currency of an X3 customer made for a new shop customer' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter code' })
  currency: string;

  @ApiProperty({ example: 'NZL', description: 'X3 tax rule (VACBPR)' })
  @Matches(/^[A-Z0-9_]{1,10}$/, { message: 'taxRule must be an X3 code of up to 10 characters' })
  taxRule: string;

  @ApiProperty({ example: 'CH30NETEOM', description: 'X3 payment term (PTE)' })
  @Matches(/^[A-Z0-9_]{1,15}$/, { message: 'paymentTerm must be an X3 code of up to 15 characters' })
  paymentTerm: string;
}

export class CreateShopConnectionDto {
  @ApiProperty({ example: 'Online shop' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'NZ011', description: "X3 sales site (SALFCY) of the integration's company" })
  @Matches(/^[A-Z0-9_]{1,10}$/, { message: 'salesSite must be an X3 site code' })
  salesSite: string;

  @ApiProperty({ example: '090', description: "Xero account code the shop's payments are received into" })
  @Matches(/^[A-Za-z0-9._-]{1,10}$/, { message: 'xeroPaymentAccount must be a Xero account code' })
  xeroPaymentAccount: string;

  @ApiProperty({ type: ShopCustomerDefaultsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ShopCustomerDefaultsDto)
  customerDefaults: ShopCustomerDefaultsDto;

  @ApiPropertyOptional({ description: "The shop's own webhook signing secret; generated when absent" })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'secret must be 16 to 200 visible characters' })
  secret?: string;
}

export class ShopEventPathDto extends ShopConnectionPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  eventId: string;
}

export class ShopEventsQueryDto {
  @ApiPropertyOptional({ enum: ['received', 'waiting', 'done', 'dead'] })
  @IsOptional()
  @IsIn(['received', 'waiting', 'done', 'dead'])
  state?: 'received' | 'waiting' | 'done' | 'dead';
}
