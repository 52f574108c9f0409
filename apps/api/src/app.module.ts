import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '#lb/config';
import { PlatformModule } from '#lb/platform';
import { AccessGuard } from './access/access.guard';
import { AccountsModule } from './accounts.module';
import { CsrfGuard } from './auth/csrf.guard';
import { ConnectionsModule } from './connections/connections.module';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { ErrorBodyFilter } from './errors/error-body.filter';
import { FlowsModule } from './flows/flows.module';
import { TrailModule } from './trail/trail.module';
import { MappingsModule } from './mappings/mappings.module';
import { MatchingModule } from './matching/matching.module';
import { ShopModule } from './shop/shop.module';
import { SupportModule } from './support/support.module';
import { AlertsModule } from './alerts/alerts.module';
import { AnomaliesModule } from './anomalies/anomalies.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { SyncTriggersModule } from './sync-triggers/sync-triggers.module';
import { XeroApiModule } from './xero/xero.module';
import { XeroUsageModule } from './xero-usage/xero-usage.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { BillingApiModule } from './billing/billing-api.module';
import { BillingModule } from '#lb/billing';
import { ReportingModule } from './reporting/reporting.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, 'api'),
        AccountsModule,
        ConnectionsModule,
        DiagnosticsModule,
        MappingsModule,
        FlowsModule,
        TrailModule,
        MatchingModule,
        SyncTriggersModule,
        ShopModule,
        SupportModule,
        AlertsModule,
        AnomaliesModule,
        DashboardModule,
        XeroApiModule,
        XeroUsageModule,
        ReconciliationModule,
        ReportingModule,
        BillingModule,
        BillingApiModule,
        DiscoveryModule,
      ],
      providers: [
        // Order matters: who may call (401/403) is decided before the CSRF check (403).
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
      ],
    };
  }
}
