// X3 payments returned unpaid (bounced: PAYMENTH STA 'unpaid', canonical status 'deleted') after
// they reached Xero: their Xero Payments are deleted, which is how Xero reverses a payment (the
// invoice is due again). One call per Payment (Xero deletes payments one at a time), each under an
// Idempotency-Key made from the change and the payment, and a payment Xero says is deleted already
// counts as reversed, so a resumed drain never fails on its own earlier attempt. Each deletion Xero
// confirms is noted on the change at once (outcome.reversed), so a reversal cut short (a drain that
// died, a lost answer) is finished by the next drain without asking again for what went through.
// What Xero refuses (a locked period, a reconciled payment) is held for an accountant with Xero's
// words and the deletions that went through.
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroOrg, xeroRefusalOf } from '#lb/connectors/xero';
import type { Payment } from '#lb/mapping';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { PendingChangeOutcome } from '../pending/pending-change.entity';
import { PendingChanges, Settlement } from '../pending/pending-changes.service';
import type { DrainContext } from './drain-context';
import { isAllocationPart } from './payment-allocations';
import type { LandedPart } from './payment-parts';
import { isCreditPart } from './payment-credits';
import { isRemainderPart } from './payment-remainders';
import { PlannedWrite, settleAll } from './resolve-writes';

const ALREADY_DELETED = /already been deleted/i;

/** A reversal's outcome: the Xero Payments it deleted so far (PaymentIDs are never reused). */
type ReversalOutcome = PendingChangeOutcome & { reversed?: string[] };

/**
 * The reversal of a bounced payment some of whose Payments landed, or undefined when it is not
 * one the drain can reverse by itself (an advance, one allocated from a credit, or one that applied a
 * credit note: held as before).
 */
export function reversalOf(w: PlannedWrite, landed: LandedPart[]): PlannedWrite | undefined {
  if ((w.record as Payment).status !== 'deleted') return undefined;
  const credit = (k: string) => isRemainderPart(k) || isAllocationPart(k) || isCreditPart(k);
  if (landed.some((l) => credit(l.partKey))) return undefined;
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
  const tenantId = context.integration.tenantId;
  for (const w of reversals) {
    const refused: string[] = [];
    // an earlier attempt of this change that was cut short: what Xero confirmed is not asked again
    const earlier: ReversalOutcome | null = w.change.outcome;
    const deleted = w.reverse!.filter((id) => earlier?.reversed?.includes(id));
    for (const paymentId of w.reverse!) {
      if (deleted.includes(paymentId)) continue;
      const answer = await deletePayment(org, paymentId, idempotencyKeyOf(w.change.id, paymentId), dayReserve);
      if (answer) {
        refused.push(`Payment ${paymentId}: ${answer}`);
        continue;
      }
      deleted.push(paymentId);
      await d.tx.run(tenantId, (m) => noteDeleted(m, w.change.id, claimId, deleted));
    }
    const key = (w.record as Payment).key;
    const mappingVersion = context.mapping.version;
    const done = deleted.map((id) => `; Payment ${id} deleted`).join('');
    const settlement: Settlement = refused.length
      ? {
          kind: 'held',
          outcome: {
            targetId: w.reverse![0],
            messages: [
              `payment ${key} was returned unpaid in X3; Xero refused to delete it: ${refused.join('; ')}${done}`,
            ],
            proposal:
              'Reverse it in Xero by hand (remove its reconciliation or ask the adviser to move the lock date first)',
            reversed: deleted,
          } as ReversalOutcome,
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
    await d.tx.run(tenantId, async (m) => {
      if (!refused.length) {
        // the reversed state is what Xero now reflects: a re-read of the same record changes nothing
        await d.crossRefs.record(m, tenantId, {
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

/** Notes the deletions so far on the change, while this claim still holds it (a lost claim notes nothing). */
async function noteDeleted(m: EntityManager, changeId: string, claimId: string, deleted: string[]): Promise<void> {
  await m.query(
    `UPDATE sync_pending_changes SET outcome = COALESCE(outcome, '{}'::jsonb) || $3::jsonb, updated_at = now()
     WHERE id = $1 AND claim_id = $2 AND state = 'claimed'`,
    [changeId, claimId, JSON.stringify({ reversed: deleted })],
  );
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
    // Xero's refusal is a 400 (validation): "already been deleted", a locked period, a reconciled payment
    const words = xeroRefusalOf(e);
    if (words === undefined) throw e;
    return ALREADY_DELETED.test(words) ? undefined : words;
  }
}
