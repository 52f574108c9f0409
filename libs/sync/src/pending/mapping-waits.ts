import type { MappingActivated } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { requestDrain } from './drain-jobs';
import { LANES } from './lanes';
import { PendingChanges } from './pending-changes.service';

/**
 * The hook MappingVersions runs when a version becomes active: the changes that waited for one of
 * its lookups go back to pending and their flows are drained, in the saving transaction (the
 * drain requests are outbox rows: they exist exactly when the version does).
 */
export function releaseWaitsOnMappingActivated(jobs: JobProducer): MappingActivated {
  const pending = new PendingChanges();
  return async (m, tenantId, key) => {
    const flows = await pending.releaseMappingWaits(m, key.integrationId, key.entity, key.direction);
    for (const flowKey of flows) {
      await requestDrain(jobs, tenantId, { integrationId: key.integrationId, flowKey }, LANES.interactive, m);
    }
  };
}
