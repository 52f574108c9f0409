import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeWebhookService } from './stripe-webhook.service';

/** Plans, checkout, portal and the Stripe webhook; the worker processes the events (libs/billing). */
@Module({
  imports: [AccountsModule],
  controllers: [BillingController, StripeWebhookController],
  providers: [BillingService, StripeWebhookService],
})
export class BillingApiModule {}
