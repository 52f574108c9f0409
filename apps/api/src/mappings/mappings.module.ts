import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { AccountsModule } from '../accounts.module';
import { MappingsController } from './mappings.controller';

/** Mappings of integrations: versions, diffs, roll-backs, lookup and status-map edits, dry runs. */
@Module({
  imports: [AccountsModule],
  controllers: [MappingsController],
  providers: [
    {
      provide: MappingVersions,
      useFactory: (tx: TenantTransactions, audit: AuditTrail) => new MappingVersions(tx, audit, checkMappingDocument),
      inject: [TenantTransactions, AuditTrail],
    },
  ],
})
export class MappingsModule {}
