// One claim's mapped verdicts turned into the writes to send, in one tenant transaction: the X3
// side's ledger copies kept for reconciliation, credit allocations queued, prerequisites and
// cross-references resolved (resolve-writes.ts), likely duplicates held before writing
// (anomalies/), and a payment set screened for what Xero cannot change (payment-sets.ts).
import { EntityManager } from 'typeorm';
import { screenAnomalies } from '../anomalies/anomaly-screen';
import { copyOfCanonical, recordLedgerCopies } from '../ledger-copies/ledger-copies';
import type { ApplyDeps } from './apply-outcomes';
import { queueCreditAllocations } from './credit-allocations';
import type { DrainContext } from './drain-context';
import type { EntityPlan } from './entity-plans';
import type { Verdict } from './map-records';
import { screenPaymentWrites } from './payment-sets';
import { PlannedWrite, resolveWrites } from './resolve-writes';

export async function decideWrites(
  m: EntityManager,
  d: ApplyDeps,
  context: DrainContext,
  plan: EntityPlan,
  claimId: string,
  verdicts: Verdict[],
  baseCurrency: string,
): Promise<{ writes: PlannedWrite[]; waited: number }> {
  // the X3 side's copy for reconciliation, as read and mapped, or waiting for a mapping entry (one
  // upsert for the claim)
  const x3Copies = verdicts.map((v) =>
    v.kind === 'mapped' ? copyOfCanonical('x3', v.record) : v.copy ? copyOfCanonical('x3', v.copy) : null,
  );
  await recordLedgerCopies(m, context.integration.tenantId, context.integration.id, x3Copies);
  if (context.entity === 'creditNote') await queueCreditAllocations(m, d.pending, context, verdicts);
  const resolved = await resolveWrites(m, d, context, plan, claimId, verdicts);
  // a likely duplicate is held before writing; other anomalies are flagged and written
  const screened = await screenAnomalies(m, d.pending, claimId, context, baseCurrency, resolved.writes);
  // a payment set: what Xero cannot change is held, parts already landed are not sent again
  const writes = context.entity === 'payment' ? await screenPaymentWrites(m, d, context, claimId, screened) : screened;
  return { writes, waited: resolved.waited };
}
