import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { JobProducer } from '#lb/queues';
import { AnomalyInbox } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { AnomaliesController } from './anomalies.controller';

/** The anomaly inbox; the findings are made by the drain in the worker (libs/sync/src/anomalies). */
@Module({
  imports: [AccountsModule],
  controllers: [AnomaliesController],
  providers: [
    {
      provide: AnomalyInbox,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, jobs: JobProducer) => new AnomalyInbox(tx, audit, jobs),
      inject: [TenantTransactions, AuditTrail, JobProducer],
    },
  ],
})
export class AnomaliesModule {}
