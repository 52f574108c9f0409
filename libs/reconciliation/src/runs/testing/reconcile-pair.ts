// A reconciliation run of a test pair, as the worker's reconcile-run job makes it (its deps given:
// the local amounts due by default), and the differences it stored; and the service an admin's
// decisions go through, with the mapping versions an add-mapping fix saves through.
import { AuditTrail } from '#lb/accounts';
import { TenantTransactions } from '#lb/database';
import { checkMappingDocument, MappingVersions } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { releaseWaitsOnMappingActivated } from '#lb/sync';
import { Reconciliations } from '../../reconciliations.service';
import { ReconDifference } from '../recon-difference.entity';
import { ReconRun } from '../recon-run.entity';
import { ReconcileDeps, reconcileRun } from '../reconcile-run';

export interface TestPair {
  tenantId: string;
  integrationId: string;
}

export async function reconcilePair(
  tx: TenantTransactions,
  pair: TestPair,
  asOf: string,
  deps: Omit<ReconcileDeps, 'tx'> = {},
): Promise<{ done: ReconRun; differences: ReconDifference[] }> {
  const run = await tx.run(pair.tenantId, (m) =>
    m.save(m.create(ReconRun, { tenantId: pair.tenantId, integrationId: pair.integrationId, asOf })),
  );
  const done = await reconcileRun({ tx, ...deps }, pair.tenantId, run.id);
  const differences = await tx.run(pair.tenantId, (m) =>
    m.find(ReconDifference, { where: { runId: run.id }, order: { entity: 'ASC', matchKey: 'ASC' } }),
  );
  return { done, differences };
}

/** Reconciliations as the api holds them: add-mapping fixes save a version that releases the waits. */
export function reconciliationsFor(tx: TenantTransactions, jobs: JobProducer): Reconciliations {
  const versions = new MappingVersions(
    tx,
    new AuditTrail(),
    checkMappingDocument,
    releaseWaitsOnMappingActivated(jobs),
  );
  return new Reconciliations(tx, jobs, undefined, versions);
}
