import { createHash } from 'node:crypto';
import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { SandboxDatabase } from '../db/sandbox-database';
import { BillingController } from './api/billing.controller';
import { CatalogController } from './api/catalog.controller';
import { CustomersController } from './api/customers.controller';
import { PlatformController } from './api/platform.controller';
import { StripeApi } from './api/stripe-api.service';
import { StripeGateMiddleware } from './api/stripe-gate.middleware';
import { UnknownRouteController } from './api/unknown-route.controller';
import { StripeControlController } from './control/stripe-control.controller';
import { StripeControl } from './control/stripe-control.service';
import { HostedPagesController } from './pages/hosted-pages.controller';
import { HostedPages } from './pages/hosted-pages.service';
import { STRIPE_SCHEMA } from './db/stripe-schema';
import { StripeStore } from './db/stripe-store';
import { StripeConfig, StripeSettings, loadStripeSettings } from './stripe-settings';
import { STRIPE_CONFIG, STRIPE_SETTINGS } from './stripe-tokens';
import { StripeWebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEndpoints } from './webhooks/webhook-endpoints';

const API_CONTROLLERS = [CustomersController, CatalogController, BillingController, PlatformController];

/** The Stripe simulator: API v1, hosted checkout and portal pages, signed webhooks, control API. */
@Module({})
export class StripeModule implements NestModule, OnModuleInit {
  static forRoot(config: StripeConfig): DynamicModule {
    return {
      module: StripeModule,
      controllers: [...API_CONTROLLERS, StripeControlController, HostedPagesController, UnknownRouteController],
      providers: [
        { provide: STRIPE_CONFIG, useValue: config },
        { provide: STRIPE_SETTINGS, useValue: loadStripeSettings(config) },
        StripeStore,
        StripeApi,
        StripeGateMiddleware,
        WebhookEndpoints,
        StripeWebhookDispatcher,
        StripeControl,
        HostedPages,
      ],
    };
  }

  constructor(
    private readonly db: SandboxDatabase,
    private readonly control: StripeControl,
    private readonly endpoints: WebhookEndpoints,
    @Inject(STRIPE_SETTINGS) private readonly settings: StripeSettings,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(StripeGateMiddleware).forRoutes(...API_CONTROLLERS);
  }

  async onModuleInit(): Promise<void> {
    await this.db.applySchema('stripe', STRIPE_SCHEMA);
    if (!this.settings.seedSecretKey) return;
    // The configured account (dev launcher): our api's key and its webhook endpoint.
    const key = this.settings.seedSecretKey;
    // Named by its key, so sandboxes sharing a database (tests) each find their own configured account.
    const seedKey = `configured:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
    const account = await this.control.createAccount({ seedKey, secretKey: key });
    for (const w of this.settings.seedWebhooks) await this.endpoints.ensure(account, w);
  }
}
