// A drain run inside its record trail: the trail and a Xero call tally follow the run through
// AsyncLocalStorage, and its end (or its failure) is written as one sync_runs row with its events.
import { withXeroCallTally } from '#lb/connectors/xero';
import { TenantTransactions } from '#lb/database';
import { SyncFlowJob } from '#lb/queues';
import { RunTrail, withRunTrail } from './run-trail';
import { writeRunTrail } from './trail-writer';

export async function traceDrainRun<R extends { status: string }>(
  tx: TenantTransactions,
  job: SyncFlowJob,
  work: () => Promise<R>,
): Promise<R> {
  const trail = new RunTrail(job.tenantId, job.integrationId, job.flowKey);
  let report: R;
  try {
    report = await withRunTrail(trail, () => withXeroCallTally(trail.xero, work));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const end = { status: 'failed', direction: trail.direction(), error: message };
    // the run's failure is what matters to the caller: a trail that cannot be written does not hide it
    await tx.run(job.tenantId, (m) => writeRunTrail(m, trail, end)).catch(() => undefined);
    throw error;
  }
  await tx.run(job.tenantId, (m) => writeRunTrail(m, trail, { status: report.status, direction: trail.direction() }));
  return report;
}
