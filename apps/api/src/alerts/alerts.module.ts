import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { AlertRules } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { AlertsController } from './alerts.controller';
import { DevMailbox } from './dev-mailbox';
import { DevMailsController } from './dev-mails.controller';

/**
 * Alert rules and alerts (libs/sync/src/alerts); the evaluator and webhook sends run in the worker.
 * Also the development mail viewer (the email outbox that alert notices and invitations go through).
 */
@Module({
  imports: [AccountsModule],
  controllers: [AlertsController, DevMailsController],
  providers: [
    {
      provide: AlertRules,
      useFactory: (tx: TenantTransactions, secrets: SecretStore, audit: AuditTrail, config: AppConfig) =>
        new AlertRules(tx, secrets, audit, config.ALLOW_PRIVATE_TARGETS === 'true'),
      inject: [TenantTransactions, SecretStore, AuditTrail, APP_CONFIG],
    },
    { provide: DevMailbox, useFactory: (tx: TenantTransactions) => new DevMailbox(tx), inject: [TenantTransactions] },
  ],
})
export class AlertsModule {}
