import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { SecretStore } from '#lb/crypto';
import { TenantTransactions } from '#lb/database';
import { createX3Transport } from '#lb/connectors/sage-x3';
import { XERO_CONNECTOR, XeroConnector } from '#lb/connectors/xero';
import {
  checkMappingDocument,
  DryRunService,
  MappingSuggestions,
  MappingVersions,
  prepareWithEngine,
} from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { CrossReferences, releaseWaitsOnMappingActivated } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { DryRunController } from './dry-run.controller';
import { MappingsController } from './mappings.controller';
import { SuggestionsController } from './suggestions.controller';

/** Our own sandbox is trusted wherever it runs (as for X3 connections); other URLs pass the SSRF guard. */
function privateTargetsFor(config: AppConfig): (baseUrl: string) => boolean {
  const sandbox = config.SANDBOX_URL?.replace(/\/$/, '');
  return (baseUrl) => config.ALLOW_PRIVATE_TARGETS === 'true' || (!!sandbox && baseUrl.replace(/\/$/, '') === sandbox);
}

/**
 * What a Xero payment names: the document it settles and that document's contact. Their
 * cross-references give the X3 keys a xero-to-x3 payment is written with.
 */
const SETTLED_ENTITIES = ['bill', 'invoice', 'creditNote', 'customer', 'supplier'] as const;

/** Xero id → X3 key from the integration's live cross-references, one query per entity. */
function x3KeysFrom(tx: TenantTransactions) {
  const references = new CrossReferences();
  return (tenantId: string, integrationId: string, xeroIds: string[]) =>
    tx.run(tenantId, async (m) => {
      const keys = new Map<string, string>();
      for (const entity of SETTLED_ENTITIES) {
        for (const [id, ref] of await references.byXeroIds(m, { integrationId, entity }, xeroIds)) {
          const contact = entity === 'customer' || entity === 'supplier';
          if (ref.state !== 'archived') keys.set(contact ? `${entity}:${id}` : id, ref.x3Key);
        }
      }
      return keys;
    });
}

/** Mappings of integrations: versions, diffs, roll-backs, lookup and status-map edits, dry runs, suggestions. */
@Module({
  imports: [AccountsModule],
  controllers: [MappingsController, DryRunController, SuggestionsController],
  providers: [
    {
      provide: MappingVersions,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, jobs: JobProducer) =>
        new MappingVersions(tx, audit, checkMappingDocument, releaseWaitsOnMappingActivated(jobs)),
      inject: [TenantTransactions, AuditTrail, JobProducer],
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
          x3KeysOfXeroDocuments: x3KeysFrom(tx),
        }),
      inject: [TenantTransactions, MappingVersions, SecretStore, XERO_CONNECTOR, APP_CONFIG],
    },
    {
      provide: MappingSuggestions,
      useFactory: (
        tx: TenantTransactions,
        versions: MappingVersions,
        secrets: SecretStore,
        xero: XeroConnector,
        audit: AuditTrail,
        config: AppConfig,
      ) =>
        new MappingSuggestions({
          tx,
          versions,
          secrets,
          xero,
          audit,
          createTransport: (settings) => createX3Transport(settings),
          allowPrivateFor: privateTargetsFor(config),
        }),
      inject: [TenantTransactions, MappingVersions, SecretStore, XERO_CONNECTOR, AuditTrail, APP_CONFIG],
    },
  ],
  exports: [DryRunService],
})
export class MappingsModule {}
