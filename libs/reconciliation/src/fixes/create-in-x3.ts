// An approved create-in-x3 fix: the Xero record X3 lacks goes through the flow that reads it from
// Xero, exactly as a webhook's change would (pending change, source null = the drain fetches it
// from Xero as it is now, maps it with the flow's xero-to-x3 mapping and writes X3 through the
// connector, recording the cross-reference). No write of our own: the engine's dedupe, conflict
// rules and holds all apply, and the next run sees both copies under the X3 code.
import { EntityManager } from 'typeorm';
import { JobProducer } from '#lb/queues';
import { LANES, PendingChanges, requestDrain } from '#lb/sync';
import type { CanonicalEntity } from '#lb/mapping';
import type { ReconDifference } from '../runs/recon-difference.entity';
import { FixNotAutomaticError } from './fix-errors';
import { xeroWritingFlow } from './xero-writing-flow';

/** Queues the Xero record for X3 in the caller's transaction; refuses (changing nothing) when no flow writes it. */
export async function queueCreateInX3(
  m: EntityManager,
  jobs: JobProducer,
  integrationId: string,
  difference: ReconDifference,
): Promise<void> {
  const target = difference.fix.target;
  if (!target) throw new FixNotAutomaticError('the difference names no Xero record to carry to X3');
  const entity = difference.entity as CanonicalEntity;
  const writing = await xeroWritingFlow(m, integrationId, entity);
  const scope = { integrationId, flowKey: writing.flowKey };
  await new PendingChanges().accept(m, difference.tenantId, [
    {
      ...scope,
      entity,
      direction: 'xero-to-x3',
      // the Xero id, as the poller and webhooks key the flow's changes (one open change per record)
      sourceKey: target.toLowerCase(),
      lane: LANES.interactive,
      source: null,
    },
  ]);
  await requestDrain(jobs, difference.tenantId, scope, LANES.interactive, m);
}
