import { Module } from '@nestjs/common';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { Reconciliations, ReconSchedules } from '#lb/reconciliation';
import { ReconciliationScheduleController } from './reconciliation-schedule.controller';
import { ReconciliationController } from './reconciliation.controller';

/** Reconciliation runs, their differences and schedules (libs/reconciliation); the worker runs them. */
@Module({
  controllers: [ReconciliationController, ReconciliationScheduleController],
  providers: [
    {
      provide: Reconciliations,
      useFactory: (tx: TenantTransactions, jobs: JobProducer) => new Reconciliations(tx, jobs),
      inject: [TenantTransactions, JobProducer],
    },
    {
      provide: ReconSchedules,
      useFactory: (tx: TenantTransactions, jobs: JobProducer) => new ReconSchedules(tx, jobs),
      inject: [TenantTransactions, JobProducer],
    },
  ],
})
export class ReconciliationModule {}
