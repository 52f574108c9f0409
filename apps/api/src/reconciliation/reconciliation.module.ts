import { Module } from '@nestjs/common';
import { BillingEntitlements } from '#lb/billing';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { LedgerSettings, Reconciliations, ReconSchedules } from '#lb/reconciliation';
import { ReconciliationLedgerController } from './reconciliation-ledger.controller';
import { ReconciliationScheduleController } from './reconciliation-schedule.controller';
import { ReconciliationController } from './reconciliation.controller';

/** Reconciliation runs, their differences and schedules (libs/reconciliation); the worker runs them. */
@Module({
  controllers: [ReconciliationController, ReconciliationScheduleController, ReconciliationLedgerController],
  providers: [
    {
      provide: LedgerSettings,
      useFactory: (tx: TenantTransactions) => new LedgerSettings(tx),
      inject: [TenantTransactions],
    },
    {
      provide: Reconciliations,
      useFactory: (tx: TenantTransactions, jobs: JobProducer, billing: BillingEntitlements) =>
        new Reconciliations(tx, jobs, (m, tenantId) => billing.assertReconciliation(m, tenantId)),
      inject: [TenantTransactions, JobProducer, BillingEntitlements],
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
