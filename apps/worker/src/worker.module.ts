import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '#lb/config';
import { PlatformModule } from '#lb/platform';
import { HeartbeatProcessor } from './processors/heartbeat.processor';
import { ProbeProcessor } from './processors/probe.processor';
import { RotateSecretsProcessor } from './processors/rotate-secrets.processor';
import { TenantPurgeProcessor } from './processors/tenant-purge.processor';
import { TenantJobRunner } from './runtime/tenant-job-runner';
import { XeroProcessor } from './processors/xero.processor';
import { XeroConnectionsProcessor } from './processors/xero-connections.processor';
import { XeroConnectorModule } from '#lb/connectors/xero';
import { SyncDrainProcessor, SyncDrainService } from './processors/sync-drain.processor';
import { SyncPollProcessor } from './processors/sync-poll.processor';
import { SyncSweepProcessor } from './processors/sync-sweep.processor';
import { SyncXeroProcessor } from './processors/sync-xero.processor';
import { ShopEventJobProcessor } from './processors/shop-event.processor';
import { AlertsProcessor } from './processors/alerts.processor';
import { TrailRetentionProcessor } from './processors/trail-retention.processor';
import { ReconciliationProcessor } from './processors/reconciliation.processor';
import { BillingProcessor } from './processors/billing.processor';
import { BillingModule } from '#lb/billing';

/** Processors are registered only here: the api enqueues, the worker consumes. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config, 'worker'), XeroConnectorModule, BillingModule],
      providers: [
        TenantJobRunner,
        HeartbeatProcessor,
        ProbeProcessor,
        RotateSecretsProcessor,
        TenantPurgeProcessor,
        XeroProcessor,
        XeroConnectionsProcessor,
        SyncDrainService,
        SyncDrainProcessor,
        SyncPollProcessor,
        SyncSweepProcessor,
        SyncXeroProcessor,
        ShopEventJobProcessor,
        AlertsProcessor,
        TrailRetentionProcessor,
        ReconciliationProcessor,
        BillingProcessor,
      ],
    };
  }
}
