import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport } from '#lb/connectors/sage-x3';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import { checkMappingDocument, DryRunService, MappingVersions, prepareWithEngine } from '#lb/mapping';
import { AccountsModule } from '../accounts.module';
import { DryRunController } from './dry-run.controller';
import { MappingsController } from './mappings.controller';

/** Our own sandbox is trusted wherever it runs (as for X3 connections); other URLs pass the SSRF guard. */
function privateTargetsFor(config: AppConfig): (baseUrl: string) => boolean {
  const sandbox = config.SANDBOX_URL?.replace(/\/$/, '');
  return (baseUrl) => config.ALLOW_PRIVATE_TARGETS === 'true' || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
}

/** Mappings of integrations: versions, diffs, roll-backs, lookup and status-map edits, dry runs. */
@Module({
  imports: [AccountsModule],
  controllers: [MappingsController, DryRunController],
  providers: [
    {
      provide: MappingVersions,
      useFactory: (tx: TenantTransactions, audit: AuditTrail) => new MappingVersions(tx, audit, checkMappingDocument),
      inject: [TenantTransactions, AuditTrail],
    },
    {
      provide: DryRunService,
      useFactory: (
        tx: TenantTransactions,
        versions: MappingVersions,
        secrets: SecretStore,
        xero: XeroConnector,
        config: AppConfig,
      ) =>
        new DryRunService({
          tx,
          versions,
          secrets,
          xero,
          createTransport: (settings) => createX3Transport(settings),
          allowPrivateFor: privateTargetsFor(config),
          prepare: prepareWithEngine,
        }),
      inject: [TenantTransactions, MappingVersions, SecretStore, XERO_CONNECTOR, APP_CONFIG],
    },
  ],
})
export class MappingsModule {}
