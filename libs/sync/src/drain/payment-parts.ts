// What the drain records of a payment set (see payment-sets.ts): each landed Xero Payment in
// sync_payment_parts as soon as Xero answers (so a replay never pays it twice), and the X3
// payment's one cross-reference once every part is in Xero. A set with a refused part is a dead
// letter with Xero's message for that part; the landed parts stay recorded.
import { EntityManager } from 'typeorm';
import type { XeroRecordOutcome } from '#lb/connectors/xero';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { InFlightOutcome } from './batch-flight';
import type { DrainContext } from './drain-context';
import { isCreditPart } from './payment-credits';

export interface LandedPart {
  partKey: string;
  xeroPaymentId: string;
  amount: string;
}

/** A part of a sent set with Xero's answer for its element. */
export interface SentPart {
  index: number;
  partKey: string;
  amount: string;
  outcome: XeroRecordOutcome | undefined;
}

/** The parts of these X3 payments already in Xero, oldest first. */
export async function landedParts(
  m: EntityManager,
  integrationId: string,
  paymentKeys: string[],
): Promise<Map<string, LandedPart[]>> {
  const found = new Map<string, LandedPart[]>();
  if (!paymentKeys.length) return found;
  const rows: Array<{ payment_key: string; part_key: string; xero_payment_id: string; amount: string }> = await m.query(
    `SELECT payment_key, part_key, xero_payment_id, amount FROM sync_payment_parts
       WHERE integration_id = $1 AND payment_key = ANY($2::text[]) ORDER BY created_at, id`,
    [integrationId, [...new Set(paymentKeys)]],
  );
  for (const r of rows) {
    const part = { partKey: r.part_key, xeroPaymentId: r.xero_payment_id, amount: r.amount };
    found.set(r.payment_key, [...(found.get(r.payment_key) ?? []), part]);
  }
  return found;
}

/**
 * Records the parts Xero took (a part recorded before, by a resumed drain, stays as it was); each
 * stamped by the clock, not the transaction, so "oldest first" is also element order.
 */
export async function recordLandedParts(
  m: EntityManager,
  context: DrainContext,
  paymentKey: string,
  batchId: string,
  parts: SentPart[],
): Promise<void> {
  for (const p of parts) {
    if (p.outcome?.status !== 'ok' || !p.outcome.xeroId) continue;
    await m.query(
      `INSERT INTO sync_payment_parts
         (tenant_id, integration_id, payment_key, part_key, xero_payment_id, amount, batch_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp()) ON CONFLICT DO NOTHING`,
      [
        context.integration.tenantId,
        context.integration.id,
        paymentKey,
        p.partKey,
        p.outcome.xeroId,
        p.amount,
        batchId,
      ],
    );
  }
}

/**
 * Drops a change's in-flight batch (all of it landed and is recorded) so that, released, it is
 * mapped again rather than resent: its next write is its remainder (payment-remainders.ts).
 */
export async function forgetFlight(m: EntityManager, change: SyncPendingChange, claimId: string): Promise<void> {
  await m.query(
    `UPDATE sync_pending_changes SET outcome = outcome - 'batchId' - 'inFlight', updated_at = now()
     WHERE id = $1 AND claim_id = $2 AND state = 'claimed'`,
    [change.id, claimId],
  );
}

/** What the payment's cross-reference records of its write. */
export interface PaymentSnapshot {
  x3Key: string;
  contentHash: string;
  naturalKey: string | null;
  mappingVersion: number;
  xeroUpdatedAt?: string | null;
}

/**
 * The X3 payment's one cross-reference; its Xero id is the set's first Payment (a credit note's
 * allocation, written before the Payments, only when the credit paid everything). Returns that id.
 */
export async function recordPaymentReference(
  m: EntityManager,
  crossRefs: CrossReferences,
  context: DrainContext,
  s: PaymentSnapshot,
): Promise<string | undefined> {
  const landed = (await landedParts(m, context.integration.id, [s.x3Key])).get(s.x3Key) ?? [];
  const first = landed.find((l) => !isCreditPart(l.partKey)) ?? landed[0];
  await crossRefs.record(m, context.integration.tenantId, {
    integrationId: context.integration.id,
    entity: 'payment',
    x3Key: s.x3Key,
    xeroId: first?.xeroPaymentId ?? null,
    xeroNaturalKey: s.naturalKey,
    contentHash: s.contentHash,
    kind: 'write',
    mappingVersion: s.mappingVersion,
    xeroUpdatedAt: s.xeroUpdatedAt,
  });
  return first?.xeroPaymentId;
}

/** The reference a set's Payments carry (our key, or X3's reference): the cross-reference's natural key. */
export function referenceOf(payload: Record<string, unknown>): string | null {
  const first = ((payload.payments as Array<{ reference?: unknown }> | undefined) ?? [])[0]?.reference;
  return typeof first === 'string' && first ? first : null;
}

/**
 * Done when every part landed; otherwise Xero's words for each refused part (held when they say
 * an accountant must act, as for any document), with the parts that did land named.
 */
export function paymentSetSettlement(
  flight: InFlightOutcome,
  parts: SentPart[],
  batchFailure: string | undefined,
  needsAnAccountant: RegExp,
): Settlement {
  const mappingVersion = flight.inFlight.mappingVersion;
  const ok = parts.filter((p) => p.outcome?.status === 'ok' && p.outcome.xeroId);
  // every part landed and more follow (the cash, the remainder): the change comes back at once for them
  if (ok.length === parts.length && flight.inFlight.then) return { kind: 'release', delayMs: 0 };
  if (ok.length === parts.length) {
    return {
      kind: 'done',
      outcome: { action: 'created', targetId: ok[0]?.outcome?.xeroId ?? undefined, batchId: flight.batchId },
      mappingVersion,
    };
  }
  const refused = parts
    .filter((p) => !ok.includes(p))
    .flatMap((p) =>
      (p.outcome?.messages.length ? p.outcome.messages : [batchFailure ?? 'Xero reported no outcome']).map(
        (msg) => `${p.partKey}: ${msg}`,
      ),
    );
  const landed = ok.length
    ? [
        `written to Xero and kept (a replay sends only the rest): ${ok.map((p) => `${p.partKey} → Payment ${p.outcome!.xeroId}`).join(', ')}`,
      ]
    : [];
  const messages = [...refused, ...landed];
  if (refused.some((msg) => needsAnAccountant.test(msg))) {
    const credit = parts.some((p) => !ok.includes(p) && isCreditPart(p.partKey));
    return {
      kind: 'held',
      outcome: {
        messages,
        proposal: credit
          ? "Xero will not allocate the credit note (locked period, more than the invoice's amount due or the note's remaining credit): allocate it and record the cash in Xero by hand, or correct the payment in X3 and replay"
          : 'Xero will not take this payment (locked period, or a paid or voided document): adjust it in Xero',
      },
      mappingVersion,
    };
  }
  return { kind: 'dead', error: 'refused by Xero', outcome: { messages }, mappingVersion };
}
