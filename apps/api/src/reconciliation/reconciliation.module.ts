import { Module } from '@nestjs/common';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { Reconciliations } from '#lb/reconciliation';
import { ReconciliationController } from './reconciliation.controller';

/** Reconciliation runs and their differences (libs/reconciliation); the worker runs them. */
@Module({
  controllers: [ReconciliationController],
  providers: [
    {
      provide: Reconciliations,
      useFactory: (tx: TenantTransactions, jobs: JobProducer) => new Reconciliations(tx, jobs),
      inject: [TenantTransactions, JobProducer],
    },
  ],
})
export class ReconciliationModule {}
