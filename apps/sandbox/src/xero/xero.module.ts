import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SandboxDatabase } from '../db/sandbox-database';
import { SandboxConfig } from '../sandbox-config';
import { AccountingReads } from './api/accounting-reads.service';
import { AccountingWrites } from './api/accounting-writes.service';
import { ApiGateMiddleware } from './api/api-gate.middleware';
import { CallLog } from './api/call-log';
import { FaultInjector } from './api/fault-injector';
import { RateLimiter } from './api/rate-limiter';
import { SettingsContactsController } from './api/settings-contacts.controller';
import { TransactionsController } from './api/transactions.controller';
import { BankTransactionsController } from './api/bank-transactions.controller';
import { ReportsController } from './api/reports.controller';
import { AppRegistry } from './apps/app-registry';
import { AppStoreController } from './apps/app-store.controller';
import { DeveloperPortalController } from './apps/developer-portal.controller';
import { ControlController } from './control/control.controller';
import { ControlService } from './control/control.service';
import { SandboxClock } from './core/sandbox-clock';
import { XERO_SCHEMA } from './db/xero-schema';
import { ConnectionsController } from './identity/connections.controller';
import { ConnectionsService } from './identity/connections.service';
import { IdentityServer } from './identity/identity-server';
import { InteractionController } from './identity/interaction.controller';
import { OrgStore } from './orgs/org-store';
import { OrganisationsService } from './orgs/organisations.service';
import { XeroUsers } from './orgs/users';
import { IntentToReceive } from './webhooks/intent-to-receive';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookQueue } from './webhooks/webhook-queue';
import { XeroSettings, loadXeroSettings } from './xero-settings';
import { XERO_CONFIG, XERO_SETTINGS } from './xero-tokens';

/** The Xero simulator: identity, connections, Accounting API, webhooks, developer portal, control API. */
@Module({})
export class XeroModule implements NestModule, OnModuleInit {
  static forRoot(config: SandboxConfig): DynamicModule {
    const settings = loadXeroSettings(config);
    return {
      module: XeroModule,
      controllers: [
        InteractionController,
        ConnectionsController,
        SettingsContactsController,
        TransactionsController,
        BankTransactionsController,
        ReportsController,
        DeveloperPortalController,
        AppStoreController,
        ControlController,
      ],
      providers: [
        { provide: XERO_CONFIG, useValue: config },
        { provide: XERO_SETTINGS, useValue: settings },
        { provide: SandboxClock, useValue: new SandboxClock(config.clockScale) },
        OrgStore,
        OrganisationsService,
        XeroUsers,
        AppRegistry,
        ConnectionsService,
        IdentityServer,
        RateLimiter,
        CallLog,
        FaultInjector,
        AccountingReads,
        AccountingWrites,
        ApiGateMiddleware,
        WebhookQueue,
        WebhookDispatcher,
        IntentToReceive,
        ControlService,
      ],
    };
  }

  constructor(
    private readonly db: SandboxDatabase,
    private readonly apps: AppRegistry,
    private readonly orgs: OrganisationsService,
    private readonly identity: IdentityServer,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(XERO_SETTINGS) private readonly settings: XeroSettings,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ApiGateMiddleware)
      .forRoutes(SettingsContactsController, TransactionsController, BankTransactionsController, ReportsController);
  }

  async onModuleInit(): Promise<void> {
    await this.db.applySchema('xero', XERO_SCHEMA);
    await this.apps.preRegister(this.settings.apps);
    await this.orgs.seedDefaults();
    // Mounted after Nest's routes (the interaction pages win) and before its 404 handler.
    await this.identity.start(this.adapterHost.httpAdapter.getInstance());
  }
}
