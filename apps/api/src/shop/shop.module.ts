import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { ShopConnections, ShopEvents, ShopWebhookIntake } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { ShopConnectionsController } from './shop-connections.controller';
import { ShopEventsController } from './shop-events.controller';
import { ShopWebhookController } from './shop-webhook.controller';

/** Online-shop orders in (libs/sync/src/shop-intake): the webhook and the admins' connection routes. */
@Module({
  imports: [AccountsModule],
  controllers: [ShopConnectionsController, ShopEventsController, ShopWebhookController],
  providers: [
    {
      provide: ShopConnections,
      useFactory: (tx: TenantTransactions, secrets: SecretStore, audit: AuditTrail) =>
        new ShopConnections(tx, secrets, audit),
      inject: [TenantTransactions, SecretStore, AuditTrail],
    },
    {
      provide: ShopEvents,
      useFactory: (tx: TenantTransactions, jobs: JobProducer, audit: AuditTrail) => new ShopEvents(tx, jobs, audit),
      inject: [TenantTransactions, JobProducer, AuditTrail],
    },
    {
      provide: ShopWebhookIntake,
      useFactory: (ds: DataSource, tx: TenantTransactions, secrets: SecretStore, jobs: JobProducer) =>
        new ShopWebhookIntake(ds, tx, secrets, jobs),
      inject: [getDataSourceToken(), TenantTransactions, SecretStore, JobProducer],
    },
  ],
})
export class ShopModule {}
