import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { DeadLetters, FlowOperations, FlowRuns, FlowVersions, IntegrationPauses, StarterFlows } from '#lb/sync';
import { AccountsModule } from '../accounts.module';
import { FlowRunsController } from './flow-runs.controller';
import { FlowsController } from './flows.controller';
import { OperationsController } from './operations.controller';
import { StarterInstallService } from './starter-install.service';

/** Flows of integrations and running them: overview, versions, pause reasons, dead letters, starter flows, graph runs. */
@Module({
  imports: [AccountsModule],
  controllers: [FlowsController, OperationsController, FlowRunsController],
  providers: [
    StarterInstallService,
    {
      provide: FlowVersions,
      useFactory: (tx: TenantTransactions) => new FlowVersions(tx),
      inject: [TenantTransactions],
    },
    {
      provide: FlowOperations,
      useFactory: (tx: TenantTransactions, flows: FlowVersions, audit: AuditTrail, jobs: JobProducer) =>
        new FlowOperations(tx, flows, audit, jobs),
      inject: [TenantTransactions, FlowVersions, AuditTrail, JobProducer],
    },
    {
      provide: IntegrationPauses,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, jobs: JobProducer) =>
        new IntegrationPauses(tx, audit, jobs),
      inject: [TenantTransactions, AuditTrail, JobProducer],
    },
    {
      provide: FlowRuns,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, jobs: JobProducer) => new FlowRuns(tx, audit, jobs),
      inject: [TenantTransactions, AuditTrail, JobProducer],
    },
    {
      provide: DeadLetters,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, jobs: JobProducer) => new DeadLetters(tx, audit, jobs),
      inject: [TenantTransactions, AuditTrail, JobProducer],
    },
    {
      provide: StarterFlows,
      useFactory: (tx: TenantTransactions, audit: AuditTrail, flows: FlowVersions, jobs: JobProducer) =>
        new StarterFlows(new MappingVersions(tx, audit, checkMappingDocument), flows, audit, jobs),
      inject: [TenantTransactions, AuditTrail, FlowVersions, JobProducer],
    },
  ],
  exports: [StarterFlows],
})
export class FlowsModule {}
