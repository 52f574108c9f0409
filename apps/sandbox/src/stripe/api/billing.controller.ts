import { Controller, Delete, Get, HttpCode, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { Params, optString } from '../core/params';
import { invalid } from '../core/stripe-errors';
import { StripeAccount } from '../db/stripe-store';
import { createCheckoutSession } from '../domain/checkout';
import { cancelSubscription, updateSubscription } from '../domain/subscriptions';
import { SandboxConfig } from '../../sandbox-config';
import { STRIPE_CONFIG } from '../stripe-tokens';
import { Account, StripeParams } from './stripe-context';
import { StripeApi } from './stripe-api.service';
import { StripeExceptionFilter } from './stripe-exception.filter';

/** Checkout Sessions, Subscriptions and Invoices. */
@Controller('v1')
@UseFilters(StripeExceptionFilter)
export class BillingController {
  constructor(
    private readonly api: StripeApi,
    @Inject(STRIPE_CONFIG) private readonly config: SandboxConfig,
  ) {}

  @Post('checkout/sessions')
  @HttpCode(200)
  createSession(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, (s) => createCheckoutSession(s, p, this.config.publicUrl));
  }

  @Get('checkout/sessions')
  listSessions(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const customer = optString(p, 'customer');
    const subscription = optString(p, 'subscription');
    return this.api.list(a, p, 'checkout.session', '/v1/checkout/sessions', () => ({
      contains: { ...(customer ? { customer } : {}), ...(subscription ? { subscription } : {}) },
    }));
  }

  @Get('checkout/sessions/:id')
  getSession(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'checkout.session', 'checkout.session'));
  }

  @Get('checkout/sessions/:id/line_items')
  sessionLines(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(
      a,
      p,
      async (s) => (await s.get(id, 'checkout.session', 'checkout.session'))._line_items as never,
    );
  }

  @Post('checkout/sessions/:id/expire')
  @HttpCode(200)
  expireSession(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, async (s) => {
      const session = await s.get(id, 'checkout.session', 'checkout.session');
      if (session.status !== 'open')
        throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired.`, undefined);
      const expired = await s.put({ ...session, status: 'expired', url: null });
      s.emit('checkout.session.expired', expired);
      return expired;
    });
  }

  @Get('subscriptions')
  listSubscriptions(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const customer = optString(p, 'customer');
    const status = optString(p, 'status');
    const price = optString(p, 'price');
    return this.api.list(a, p, 'subscription', '/v1/subscriptions', () => ({
      contains: {
        ...(customer ? { customer } : {}),
        ...(status && status !== 'all' ? { status } : {}),
        ...(price ? { items: { data: [{ price: { id: price } }] } } : {}),
      },
      // Stripe leaves canceled subscriptions out unless status=canceled or all is asked for.
      ...(status ? {} : { where: { sql: "doc->>'status' <> 'canceled'", params: [] } }),
    }));
  }

  @Get('subscriptions/:id')
  getSubscription(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'subscription'));
  }

  @Post('subscriptions/:id')
  @HttpCode(200)
  updateSubscription(
    @Account() a: StripeAccount,
    @StripeParams() p: Params,
    @Param('id') id: string,
  ): Promise<unknown> {
    return this.api.one(a, p, (s) => updateSubscription(s, id, p));
  }

  @Delete('subscriptions/:id')
  cancelSubscription(
    @Account() a: StripeAccount,
    @StripeParams() p: Params,
    @Param('id') id: string,
  ): Promise<unknown> {
    return this.api.one(a, p, (s) => cancelSubscription(s, id));
  }

  @Get('invoices')
  listInvoices(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const customer = optString(p, 'customer');
    const subscription = optString(p, 'subscription');
    const status = optString(p, 'status');
    return this.api.list(a, p, 'invoice', '/v1/invoices', () => ({
      contains: {
        ...(customer ? { customer } : {}),
        ...(status ? { status } : {}),
        ...(subscription ? { parent: { subscription_details: { subscription } } } : {}),
      },
    }));
  }

  @Get('invoices/:id')
  getInvoice(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'invoice'));
  }
}
