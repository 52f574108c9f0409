import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport } from '#lb/connectors/sage-x3';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { MatchingService } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { MatchingController } from './matching.controller';

/** Our own sandbox is trusted wherever it runs (as for X3 connections); other URLs pass the SSRF guard. */
function privateTargetsFor(config: AppConfig): (baseUrl: string) => boolean {
  const sandbox = config.SANDBOX_URL?.replace(/\/$/, '');
  return (baseUrl) => config.ALLOW_PRIVATE_TARGETS === 'true' || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
}

/** First-connection matching of integrations: run, review, confirm. */
@Module({
  imports: [AccountsModule],
  controllers: [MatchingController],
  providers: [
    {
      provide: MatchingService,
      useFactory: (
        tx: TenantTransactions,
        secrets: SecretStore,
        xero: XeroConnector,
        audit: AuditTrail,
        config: AppConfig,
      ) =>
        new MatchingService({
          tx,
          secrets,
          xero,
          audit,
          createTransport: (settings) => createX3Transport(settings),
          allowPrivateFor: privateTargetsFor(config),
        }),
      inject: [TenantTransactions, SecretStore, XERO_CONNECTOR, AuditTrail, APP_CONFIG],
    },
  ],
  exports: [MatchingService],
})
export class MatchingModule {}
