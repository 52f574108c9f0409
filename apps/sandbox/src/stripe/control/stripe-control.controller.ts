import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { StripeExceptionFilter } from '../api/stripe-exception.filter';
import { present } from '../db/stripe-store';
import { StripeControl } from './stripe-control.service';

type Json = Record<string, unknown>;

/**
 * The Stripe simulator's control API. Creating an account is open (it is a test double with its
 * own keys); everything under an account needs that account's control token as a Bearer token.
 */
@Controller('stripe-control/accounts')
@UseFilters(StripeExceptionFilter)
export class StripeControlController {
  constructor(private readonly control: StripeControl) {}

  @Post()
  async create(): Promise<unknown> {
    const a = await this.control.createAccount();
    return {
      accountId: a.id,
      secretKey: a.secret_key,
      publishableKey: a.publishable_key,
      controlToken: a.control_token,
    };
  }

  @Get(':id')
  async get(@Param('id') id: string, @Headers('authorization') auth?: string): Promise<unknown> {
    const a = await this.control.authorise(id, auth);
    return { accountId: a.id, settings: a.settings };
  }

  /** {"webhooksPaused": true} holds new deliveries; {"afterFailedRetries": "unpaid"} changes dunning's end. */
  @Post(':id/settings')
  @HttpCode(200)
  async settings(
    @Param('id') id: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return this.control.setSettings(await this.control.authorise(id, auth), body ?? {});
  }

  @Post(':id/webhook-endpoints')
  async endpoint(
    @Param('id') id: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return this.control.addEndpoint(await this.control.authorise(id, auth), body ?? {});
  }

  @Get(':id/deliveries')
  async deliveries(
    @Param('id') id: string,
    @Query('event') event?: string,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return { deliveries: await this.control.deliveries(await this.control.authorise(id, auth), event) };
  }

  @Post(':id/events/:eventId/redeliver')
  @HttpCode(200)
  async redeliver(
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return { deliveries: await this.control.redeliver(await this.control.authorise(id, auth), eventId, body ?? {}) };
  }

  /** {"events": ["evt_2", "evt_1", "evt_1"]}: sent now, in that order, each reply reported. */
  @Post(':id/webhooks/deliver')
  @HttpCode(200)
  async deliver(
    @Param('id') id: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return { results: await this.control.deliver(await this.control.authorise(id, auth), body ?? {}) };
  }

  /** Un-pauses and sends what was held: {"order": "reverse"} delivers newest first. */
  @Post(':id/webhooks/release')
  @HttpCode(200)
  async release(
    @Param('id') id: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return this.control.release(await this.control.authorise(id, auth), body ?? {});
  }

  /** What the hosted checkout page's Pay does, for tests without a browser. */
  @Post(':id/checkout-sessions/:sessionId/complete')
  @HttpCode(200)
  async complete(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() body: Json,
    @Headers('authorization') auth?: string,
  ): Promise<unknown> {
    return present(await this.control.completeCheckout(await this.control.authorise(id, auth), sessionId, body ?? {}));
  }
}
