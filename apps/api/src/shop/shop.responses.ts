import { ApiProperty } from '@nestjs/swagger';
import type { ShopConnectionView } from '#lb/sync';
import { ShopCustomerDefaultsDto } from './shop.dto';

export class ShopConnectionResponse implements ShopConnectionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  integrationId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  salesSite: string;

  @ApiProperty()
  xeroPaymentAccount: string;

  @ApiProperty({ type: ShopCustomerDefaultsDto })
  customerDefaults: ShopCustomerDefaultsDto;

  @ApiProperty({ description: 'Path of the webhook endpoint the shop posts its orders/create and orders/paid to' })
  webhookPath: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CreatedShopConnectionResponse {
  @ApiProperty({ type: ShopConnectionResponse })
  connection: ShopConnectionResponse;

  @ApiProperty({ description: 'Shown once: the signing secret the shop signs its webhooks with (HMAC-SHA256)' })
  secret: string;
}
