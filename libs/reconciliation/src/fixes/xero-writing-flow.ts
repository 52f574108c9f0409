// The enabled flow that writes records of an entity from Xero into X3 (xero-to-x3 or both-ways), which
// a fix carrying a Xero record to X3 goes through; refused, changing nothing, when there is none.
import { EntityManager } from 'typeorm';
import { flowWrites, xeroReadingFlows } from '#lb/sync';
import type { CanonicalEntity } from '#lb/mapping';
import { FixNotAutomaticError } from './fix-errors';

export async function xeroWritingFlow(
  m: EntityManager,
  integrationId: string,
  entity: CanonicalEntity,
): Promise<{ flowKey: string }> {
  const flows = await xeroReadingFlows(m, integrationId, [entity]);
  if (!flows.length)
    throw new FixNotAutomaticError(`no enabled flow carries ${entity} records from Xero to X3: nothing was changed`);
  // a flow that lists changes for review writes nothing: it would hold the record again
  const writing = flows.find((f) => flowWrites(f.document));
  if (!writing)
    throw new FixNotAutomaticError(
      `the ${flows[0].flowKey} flow lists ${entity} changes for review only: it does not write X3`,
    );
  return writing;
}
