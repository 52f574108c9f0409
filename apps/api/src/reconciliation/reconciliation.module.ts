import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { AccountsModule } from '../accounts.module';
import { BillingEntitlements } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { LedgerSettings, Reconciliations, ReconSchedules } from '#lb/reconciliation';
import { releaseWaitsOnMappingActivated } from '#lb/sync';
import { ReconciliationLedgerController } from './reconciliation-ledger.controller';
import { ReconciliationScheduleController } from './reconciliation-schedule.controller';
import { ReconciliationController } from './reconciliation.controller';

/** Reconciliation runs, their differences and schedules (libs/reconciliation); the worker runs them. */
@Module({
  imports: [AccountsModule],
  controllers: [ReconciliationController, ReconciliationScheduleController, ReconciliationLedgerController],
  providers: [
    {
      provide: LedgerSettings,
      useFactory: (tx: TenantTransactions) => new LedgerSettings(tx),
      inject: [TenantTransactions],
    },
    {
      provide: Reconciliations,
      useFactory: (tx: TenantTransactions, jobs: JobProducer, billing: BillingEntitlements, audit: AuditTrail) =>
        new Reconciliations(
          tx,
          jobs,
          (m, tenantId) => billing.assertReconciliation(m, tenantId),
          // an approved add-mapping fix saves a mapping version that releases the changes waiting for it
          new MappingVersions(tx, audit, checkMappingDocument, releaseWaitsOnMappingActivated(jobs)),
        ),
      inject: [TenantTransactions, JobProducer, BillingEntitlements, AuditTrail],
    },
    {
      provide: ReconSchedules,
      useFactory: (tx: TenantTransactions, jobs: JobProducer, billing: BillingEntitlements) =>
        new ReconSchedules(tx, jobs, undefined, (m, tenantId) => billing.assertReconciliation(m, tenantId)),
      inject: [TenantTransactions, JobProducer, BillingEntitlements],
    },
  ],
})
export class ReconciliationModule {}
