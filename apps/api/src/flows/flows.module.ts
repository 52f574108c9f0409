import { Module } from '@nestjs/common';
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { checkMappingDocument, DryRunService, MappingVersions } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import {
  DeadLetters,
  FlowDryRun,
  FlowOperations,
  FlowRuns,
  FlowVersions,
  IntegrationPauses,
  StarterFlows,
} from '#lb/sync';
import { BillingEntitlements } from '#lb/billing';
import { AccountsModule } from '../accounts.module';
import { MappingsModule } from '../mappings/mappings.module';
import { FlowDryRunController } from './flow-dry-run.controller';
import { FlowRunsController } from './flow-runs.controller';
import { FlowsController } from './flows.controller';
import { OperationsController } from './operations.controller';
import { StarterInstallService } from './starter-install.service';

/** Flows of integrations and running them: overview, versions, pause reasons, dead letters, starter flows, graph runs. */
@Module({
  imports: [AccountsModule, MappingsModule],
  controllers: [FlowsController, OperationsController, FlowRunsController, FlowDryRunController],
  providers: [
    StarterInstallService,
    {
      provide: FlowVersions,
      useFactory: (tx: TenantTransactions) => new FlowVersions(tx),
      inject: [TenantTransactions],
    },
    {
      provide: FlowOperations,
      useFactory: (
        tx: TenantTransactions,
        flows: FlowVersions,
        audit: AuditTrail,
        jobs: JobProducer,
        billing: BillingEntitlements,
      ) =>
        new FlowOperations(tx, flows, audit, jobs, (m, tenantId, doc) => billing.assertFlowAllowed(m, tenantId, doc)),
      inject: [TenantTransactions, FlowVersions, AuditTrail, JobProducer, BillingEntitlements],
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
      provide: FlowDryRun,
      useFactory: (tx: TenantTransactions, flows: FlowVersions, previews: DryRunService) =>
        new FlowDryRun({ tx, flows, mappingDryRun: (tenantId, key, opts) => previews.dryRun(tenantId, key, opts) }),
      inject: [TenantTransactions, FlowVersions, DryRunService],
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
  exports: [StarterFlows, FlowOperations, DeadLetters],
})
export class FlowsModule {}
