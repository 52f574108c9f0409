import { Controller, Delete, Get, HttpCode, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { Params, optInt, optString, reqString, stringArray } from '../core/params';
import { stripeId, unixNow } from '../core/ids';
import { invalid, missingParam } from '../core/stripe-errors';
import { Doc, StripeAccount } from '../db/stripe-store';
import { advanceClock } from '../domain/renewals';
import { SandboxConfig } from '../../sandbox-config';
import { STRIPE_CONFIG } from '../stripe-tokens';
import { WebhookEndpoints } from '../webhooks/webhook-endpoints';
import { Account, StripeParams } from './stripe-context';
import { StripeApi } from './stripe-api.service';
import { StripeExceptionFilter } from './stripe-exception.filter';

/** Billing portal sessions, test clocks, events and webhook endpoints. */
@Controller('v1')
@UseFilters(StripeExceptionFilter)
export class PlatformController {
  constructor(
    private readonly api: StripeApi,
    private readonly endpoints: WebhookEndpoints,
    @Inject(STRIPE_CONFIG) private readonly config: SandboxConfig,
  ) {}

  @Post('billing_portal/sessions')
  @HttpCode(200)
  portalSession(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, async (s) => {
      const customer = await s.get(reqString(p, 'customer'), 'customer', 'customer', 'customer');
      const returnUrl = optString(p, 'return_url') ?? null;
      if (returnUrl && !/^https?:\/\/\S+$/.test(returnUrl))
        throw invalid('Not a valid URL', 'return_url', 'url_invalid');
      const id = stripeId('bps');
      return s.put({
        id,
        object: 'billing_portal.session',
        configuration: 'bpc_sandbox_default',
        created: unixNow(),
        customer: customer.id,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: returnUrl,
        url: `${this.config.publicUrl}/stripe/portal/${id}`,
      });
    });
  }

  @Post('test_helpers/test_clocks')
  @HttpCode(200)
  createClock(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.one(a, p, (s) => {
      const frozen = optInt(p, 'frozen_time', 0);
      if (frozen === undefined) throw missingParam('frozen_time');
      const now = unixNow();
      const clock: Doc = {
        id: stripeId('clock'),
        object: 'test_helpers.test_clock',
        created: now,
        deletes_after: now + 30 * 86_400,
        frozen_time: frozen,
        livemode: false,
        name: optString(p, 'name') ?? null,
        status: 'ready',
        status_details: {},
      };
      return s.put(clock);
    });
  }

  @Get('test_helpers/test_clocks')
  listClocks(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.api.list(a, p, 'test_helpers.test_clock', '/v1/test_helpers/test_clocks');
  }

  @Get('test_helpers/test_clocks/:id')
  getClock(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    return this.api.one(a, p, (s) => s.get(id, 'test_helpers.test_clock', 'test clock'));
  }

  /** Runs renewals, retries and trial ends synchronously, so the clock answers `ready` at once. */
  @Post('test_helpers/test_clocks/:id/advance')
  @HttpCode(200)
  advanceClock(@Account() a: StripeAccount, @StripeParams() p: Params, @Param('id') id: string): Promise<unknown> {
    const frozen = optInt(p, 'frozen_time', 0);
    if (frozen === undefined) throw missingParam('frozen_time');
    return this.api.one(a, p, (s) => advanceClock(s, id, frozen));
  }

  @Get('events')
  listEvents(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    return this.endpoints.listEvents(a, p);
  }

  @Get('events/:id')
  getEvent(@Account() a: StripeAccount, @Param('id') id: string): Promise<unknown> {
    return this.endpoints.event(a, id);
  }

  @Post('webhook_endpoints')
  @HttpCode(200)
  createEndpoint(@Account() a: StripeAccount, @StripeParams() p: Params): Promise<unknown> {
    const events = stringArray(p, 'enabled_events');
    if (events.length === 0) throw missingParam('enabled_events');
    return this.endpoints.create(a, { url: reqString(p, 'url'), events });
  }

  @Get('webhook_endpoints')
  listEndpoints(@Account() a: StripeAccount): Promise<unknown> {
    return this.endpoints.list(a);
  }

  @Delete('webhook_endpoints/:id')
  deleteEndpoint(@Account() a: StripeAccount, @Param('id') id: string): Promise<unknown> {
    return this.endpoints.remove(a, id);
  }
}
