import { Module } from '@nestjs/common';
import { XeroConnectorModule } from '#lb/connectors/xero';
import { XeroWebhookController } from './xero-webhook.controller';
import { XeroWebhookService } from './xero-webhook.service';

@Module({ imports: [XeroConnectorModule], controllers: [XeroWebhookController], providers: [XeroWebhookService] })
export class XeroApiModule {}
