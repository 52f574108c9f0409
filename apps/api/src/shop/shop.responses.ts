import { ApiProperty } from '@nestjs/swagger';
import type { ShopConnectionView, ShopEventView } from '#lb/sync';
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

  @ApiProperty({
    description: 'Path of the webhook endpoint the shop posts its orders/create, orders/paid and orders/cancelled to',
  })
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

export class ShopEventResponse implements ShopEventView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['orders/create', 'orders/paid', 'orders/cancelled'] })
  topic: 'orders/create' | 'orders/paid' | 'orders/cancelled';

  @ApiProperty({ description: 'X-Shopify-Webhook-Id of the delivery' })
  webhookId: string;

  @ApiProperty()
  shopOrderId: string;

  @ApiProperty({ enum: ['received', 'waiting', 'done', 'dead'] })
  state: 'received' | 'waiting' | 'done' | 'dead';

  @ApiProperty({ type: String, nullable: true, description: 'What a waiting event waits on (invoice:<X3 invoice> …)' })
  waitingOn: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'What was made, or why it is dead or retrying' })
  detail: string | null;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  processedAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The X3 sales order (SOHNUM) the shop order became, once in X3',
  })
  x3Order: string | null;
}
