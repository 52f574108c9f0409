// A payments claim's Xero steps between its resolve and its batches: bounced payments' Xero
// Payments deleted (payment-reversals.ts), the credit notes its payments apply checked against
// Xero (payment-credit-check.ts). Returns the writes left for the batches.
import { XeroOrg } from '#lb/connectors/xero';
import type { BatchSendDeps } from './batch-send';
import type { OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import { checkCreditWrites } from './payment-credit-check';
import { reversePayments } from './payment-reversals';
import type { PlannedWrite } from './resolve-writes';

export async function paymentSteps(
  d: BatchSendDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  writes: PlannedWrite[],
  o: { facts: OrgFacts; dayReserve: number; report: { written: number } },
): Promise<PlannedWrite[]> {
  const reversals = writes.filter((w) => w.reverse);
  if (reversals.length) o.report.written += await reversePayments(d, org, context, claimId, reversals, o.dayReserve);
  const mine = writes.filter((w) => !w.reverse);
  return checkCreditWrites(d, org, context, claimId, mine, o.facts, o.dayReserve);
}
