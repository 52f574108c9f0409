import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { ReportingKeys, ReportingReader } from '#lb/reporting';
import { AccountsModule } from '../accounts.module';
import { ReportingKeyGuard } from './reporting-key.guard';
import { ReportingKeysController } from './reporting-keys.controller';
import { ReportingViewsController } from './reporting-views.controller';

/** Reporting access for BI tools (libs/reporting): keys from the SPA, views by key. */
@Module({
  imports: [AccountsModule],
  controllers: [ReportingKeysController, ReportingViewsController],
  providers: [
    ReportingKeyGuard,
    {
      provide: ReportingKeys,
      useFactory: (tx: TenantTransactions, ds: DataSource, audit: AuditTrail) => new ReportingKeys(tx, ds, audit),
      inject: [TenantTransactions, getDataSourceToken(), AuditTrail],
    },
    {
      provide: ReportingReader,
      useFactory: (tx: TenantTransactions) => new ReportingReader(tx),
      inject: [TenantTransactions],
    },
  ],
})
export class ReportingModule {}
