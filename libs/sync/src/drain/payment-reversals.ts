// X3 payments returned unpaid (bounced: PAYMENTH STA 'unpaid', canonical status 'deleted') after
// they reached Xero: their Xero Payments are deleted, which is how Xero reverses a payment (the
// invoice is due again). One call per Payment (Xero deletes payments one at a time), each under an
// Idempotency-Key made from the change and the payment, and a payment Xero says is deleted already
// counts as reversed, so a resumed drain never fails on its own earlier attempt. What Xero refuses
// (a locked period, a reconciled payment) is held for an accountant with Xero's words.
import { createHash } from 'node:crypto';
import { TenantTransactions } from '#lb/database';
import { isXeroCallError, XeroOrg } from '#lb/connectors/xero';
import type { Payment } from '#lb/mapping';
import { CrossReferences } from '../cross-references/cross-references.service';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { DrainContext } from './drain-context';
import { isAllocationPart } from './payment-allocations';
import type { LandedPart } from './payment-parts';
import { isRemainderPart } from './payment-remainders';
import { PlannedWrite, settleAll } from './resolve-writes';

const ALREADY_DELETED = /already been deleted/i;

/**
 * The reversal of a bounced payment some of whose Payments landed, or undefined when it is not
 * one the drain can reverse by itself (an advance, or one allocated from a credit: held as before).
 */
export function reversalOf(w: PlannedWrite, landed: LandedPart[]): PlannedWrite | undefined {
  if ((w.record as Payment).status !== 'deleted') return undefined;
  if (landed.some((l) => isRemainderPart(l.partKey) || isAllocationPart(l.partKey))) return undefined;
  const ids = landed.length ? landed.map((l) => l.xeroPaymentId) : [w.decided.reference?.xeroId].filter(Boolean);
  return ids.length ? { ...w, reverse: ids as string[] } : undefined;
}

export interface ReversalDeps {
  tx: TenantTransactions;
  pending: PendingChanges;
  crossRefs: CrossReferences;
}

/** Deletes each reversal's Xero Payments and settles it; returns the payments reversed. */
export async function reversePayments(
  d: ReversalDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  reversals: PlannedWrite[],
  dayReserve: number,
): Promise<number> {
  let reversed = 0;
  for (const w of reversals) {
    const refused: string[] = [];
    for (const paymentId of w.reverse!) {
      const answer = await deletePayment(org, paymentId, idempotencyKeyOf(w.change.id, paymentId), dayReserve);
      if (answer) refused.push(`Payment ${paymentId}: ${answer}`);
    }
    const key = (w.record as Payment).key;
    const mappingVersion = context.mapping.version;
    const settlement: Settlement = refused.length
      ? {
          kind: 'held',
          outcome: {
            targetId: w.reverse![0],
            messages: [`payment ${key} was returned unpaid in X3; Xero refused to delete it: ${refused.join('; ')}`],
            proposal:
              'Reverse it in Xero by hand (remove its reconciliation or ask the adviser to move the lock date first)',
          },
          mappingVersion,
        }
      : {
          kind: 'done',
          outcome: {
            action: 'deleted',
            targetId: w.reverse![0],
            messages: [`returned unpaid in X3: Xero payment ${w.reverse!.join(', ')} deleted`],
          },
          mappingVersion,
        };
    await d.tx.run(context.integration.tenantId, async (m) => {
      if (!refused.length) {
        // the reversed state is what Xero now reflects: a re-read of the same record changes nothing
        await d.crossRefs.record(m, context.integration.tenantId, {
          integrationId: context.integration.id,
          entity: 'payment',
          x3Key: key,
          xeroId: w.decided.reference?.xeroId ?? w.reverse![0],
          xeroNaturalKey: w.decided.reference?.xeroNaturalKey ?? null,
          contentHash: w.decided.contentHash,
          kind: 'write',
          mappingVersion,
        });
      }
      await settleAll(m, d.pending, claimId, [{ change: w.change, settlement }]);
    });
    if (!refused.length) reversed++;
  }
  return reversed;
}

/** Stable for one change and payment: a resent deletion is the same request to Xero. */
function idempotencyKeyOf(changeId: string, paymentId: string): string {
  return createHash('sha256').update(`reverse:${changeId}:${paymentId}`).digest('hex').slice(0, 32);
}

/** Undefined when the payment is deleted (now or before); Xero's words when it refuses. */
async function deletePayment(
  org: XeroOrg,
  paymentId: string,
  idempotencyKey: string,
  dayReserve: number,
): Promise<string | undefined> {
  try {
    await org.call({ operation: 'delete:payments', isWrite: true, dayReserve }, (api, t) =>
      api.deletePayment(t, paymentId, { status: 'DELETED' }, idempotencyKey),
    );
    return undefined;
  } catch (e) {
    if (!isXeroCallError(e) || (e.kind !== 'permanent' && e.kind !== 'not-found')) throw e;
    const words = e.messages.length ? e.messages.join('; ') : e.message;
    return ALREADY_DELETED.test(words) ? undefined : words;
  }
}
