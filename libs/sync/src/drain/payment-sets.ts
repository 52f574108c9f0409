// Payments x3-to-xero (issue 11). One X3 payment is a set of Xero Payments, one per document it
// settles (Xero pays one invoice, bill or credit note per Payment). The mapping names each
// document by a placeholder id, which the resolve step replaces with the document's Xero id from
// its cross-reference (every settled document is a prerequisite: the payment waits on
// `invoice:<X3 key>` until it is in Xero). An unallocated remainder becomes Xero's Overpayment or
// Prepayment (payment-remainders.ts), written after the Payments; a credit note applied within
// the payment is an Allocation of that credit note, written before them (payment-credits.ts). What
// this version does not carry is held with a clear message, never dropped: a change after the
// payment was written (Xero never changes a payment, it only deletes one).
import { EntityManager } from 'typeorm';
import {
  AdapterContext,
  CanonicalEntity,
  CanonicalRecord,
  Payment,
  PaymentAllocation,
  toDec,
  XERO_ADAPTERS,
} from '#lb/mapping';
import { MAX_BATCH } from '#lb/connectors/xero';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { Settlement } from '../pending/pending-changes.service';
import type { DrainContext } from './drain-context';
import type { Prerequisite } from './entity-plans';
import type { Verdict } from './map-records';
import { planAdvanceAllocations } from './payment-allocations';
import { creditPartsOf, creditWrite, isCreditPart } from './payment-credits';
import { landedParts, recordPaymentReference, referenceOf } from './payment-parts';
import { reversalOf } from './payment-reversals';
import {
  isRemainderPart,
  REMAINDER_ENTITY,
  remainderBankAccount,
  remainderPartOf,
  remainderPrerequisites,
  remainderTransaction,
  withRemainderContact,
} from './payment-remainders';
import type { ApplyDeps } from './apply-outcomes';
import type { PlannedWrite } from './resolve-writes';

type Row = Record<string, unknown>;

/** One Xero Payment of a set: the document it pays (`invoice:FAC00017`) and the amount. */
export interface PaymentPart {
  partKey: string;
  amount: string;
}

const PLACEHOLDER = 'x3-document:';

const partKeyOf = (a: Pick<PaymentAllocation, 'documentType' | 'documentKey'>) => `${a.documentType}:${a.documentKey}`;

/**
 * The Xero adapters the drain maps with: the payment's documents are named by a placeholder id
 * (a bill's InvoiceNumber is the supplier's, so only its Xero id finds it; an invoice's number
 * could name another organisation's copy), replaced at resolve by the cross-reference's id.
 */
export const DRAIN_XERO_ADAPTERS: typeof XERO_ADAPTERS = {
  ...XERO_ADAPTERS,
  payment: {
    ...XERO_ADAPTERS.payment,
    toXero: (p: Payment, ctx: AdapterContext) =>
      XERO_ADAPTERS.payment.toXero(
        {
          ...p,
          allocations: p.allocations.map((a) => ({ ...a, xeroDocumentId: `${PLACEHOLDER}${partKeyOf(a)}` })),
        },
        ctx,
      ),
  },
};

/** Every document the payment settles must be in Xero first. */
export function paymentPrerequisites(record: CanonicalRecord): Prerequisite[] {
  const needs = new Map<string, Prerequisite>();
  for (const a of (record as Payment).allocations ?? []) {
    needs.set(partKeyOf(a), { entity: a.documentType, key: a.documentKey });
  }
  return [...needs.values(), ...remainderPrerequisites(record)];
}

function placeholderOf(id: unknown): Prerequisite | undefined {
  if (typeof id !== 'string' || !id.startsWith(PLACEHOLDER)) return undefined;
  const rest = id.slice(PLACEHOLDER.length);
  const at = rest.indexOf(':');
  return { entity: rest.slice(0, at) as CanonicalEntity, key: rest.slice(at + 1) };
}

/** The documents' Xero ids in place of the placeholders (each is a prerequisite, so it exists). */
export function withDocumentIds(payload: Row, record: CanonicalRecord, xeroIdOf: (p: Prerequisite) => string): void {
  withRemainderContact(payload, record, xeroIdOf);
  const fill = (ref: unknown, field: string) => {
    const r = ref as Row | undefined;
    const p = r && placeholderOf(r[field]);
    if (p) r[field] = xeroIdOf(p);
  };
  for (const el of (payload.payments as Row[] | undefined) ?? []) {
    fill(el.invoice, 'invoiceID');
    fill(el.creditNote, 'creditNoteID');
  }
  for (const c of (payload.creditAllocations as Row[] | undefined) ?? []) {
    fill(c.invoice, 'invoiceID');
    fill(c.creditNote, 'creditNoteID');
  }
}

/**
 * The parts of a mapped set, in payload order (read before the placeholders are replaced): its
 * Payments, the credit notes it applies (written first), then its remainder (written last).
 */
export function paymentPartsOf(payload: Row): PaymentPart[] {
  const parts = ((payload.payments as Row[] | undefined) ?? []).map((el) => {
    const doc = placeholderOf(
      (el.invoice as Row | undefined)?.invoiceID ?? (el.creditNote as Row | undefined)?.creditNoteID,
    );
    return { partKey: doc ? `${doc.entity}:${doc.key}` : '(unknown document)', amount: String(el.amount) };
  });
  const credits = creditPartsOf(payload, (id) => {
    const doc = placeholderOf(id);
    return doc && `${doc.entity}:${doc.key}`;
  });
  const remainder = remainderPartOf(payload);
  return remainder ? [...parts, ...credits, remainder] : [...parts, ...credits];
}

const held = (change: SyncPendingChange, messages: string[], proposal: string, mappingVersion: number): Verdict => ({
  change,
  kind: 'settle',
  settlement: { kind: 'held', outcome: { messages, proposal }, mappingVersion },
});

/**
 * Mapped payments this version cannot carry whole are held before any write (nothing of them is
 * written, so nothing is half-done); a payment still being entered in X3 is left for later.
 */
export function screenPaymentVerdicts(verdicts: Verdict[], context: DrainContext): Verdict[] {
  const mappingVersion = context.mapping.version;
  return verdicts.map((v) => {
    if (v.kind !== 'mapped') return v;
    const p = v.record as Payment;
    const payload = v.payload;
    if (p.status === 'draft') {
      return {
        change: v.change,
        kind: 'settle',
        settlement: {
          kind: 'done',
          outcome: { action: 'skipped', messages: [`payment ${p.key} is still being entered in X3 (not accepted)`] },
          mappingVersion,
        },
      };
    }
    const untouched = 'nothing of this payment was written to Xero';
    const remainder = remainderPartOf(payload);
    if (remainder && (toDec(remainder.amount).isNegative() || !remainderBankAccount(payload))) {
      const why = toDec(remainder.amount).isNegative()
        ? `its documents take ${toDec(remainder.amount).negated().toFixed()} ${p.currency} more than it received`
        : `no Xero bank account was mapped for its ${remainder.partKey} of ${remainder.amount} ${p.currency}`;
      return held(
        v.change,
        [`payment ${p.key}: ${why}; ${untouched}`],
        "Correct the payment in X3 (or the payment mapping's bank account), then replay",
        mappingVersion,
      );
    }
    const count = ((payload.payments as Row[] | undefined) ?? []).length;
    if (count > MAX_BATCH) {
      return held(
        v.change,
        [`payment ${p.key} settles ${count} documents: more than the ${MAX_BATCH} Xero Payments one write takes`],
        'Record this payment in Xero by hand (or split it in X3)',
        mappingVersion,
      );
    }
    return v;
  });
}

const sameAmount = (a: string, b: string) => toDec(a).equals(toDec(b));

/**
 * After the cross-reference decision (in the caller's transaction): a payment changed or reversed
 * after it was written is held (Xero never changes a payment); a reversal that never reached Xero
 * is skipped; a set some of whose parts already landed (a replay after a partly refused write)
 * sends only the parts still missing, and a landed part whose amount changed is held.
 */
export async function screenPaymentWrites(
  m: EntityManager,
  d: ApplyDeps,
  context: DrainContext,
  claimId: string,
  writes: PlannedWrite[],
): Promise<PlannedWrite[]> {
  const mappingVersion = context.mapping.version;
  const final: Array<{ change: SyncPendingChange; settlement: Settlement }> = [];
  const keep: PlannedWrite[] = [];
  const settle = (w: PlannedWrite, settlement: Settlement) => final.push({ change: w.change, settlement });
  const landed = await landedParts(
    m,
    context.integration.id,
    writes.map((w) => (w.record as Payment).key),
  );
  for (const w of writes) {
    const p = w.record as Payment;
    const ids = (landed.get(p.key) ?? []).map((l) => l.xeroPaymentId);
    if (w.decided.decision === 'update') {
      // an advance or overpayment posted to documents in X3: allocations of its Xero credit
      const advance = planAdvanceAllocations(w, landed.get(p.key) ?? []);
      if (advance?.kind === 'allocate') {
        keep.push(advance.write);
        continue;
      }
      if (advance?.kind === 'allocated') {
        const xeroId = await recordPaymentReference(m, d.crossRefs, context, {
          x3Key: p.key,
          contentHash: w.decided.contentHash,
          naturalKey: w.decided.reference?.xeroNaturalKey ?? null,
          mappingVersion,
        });
        settle(w, { kind: 'done', outcome: { action: 'updated', targetId: xeroId }, mappingVersion });
        continue;
      }
      // returned unpaid (bounced) in X3: its Xero Payments are deleted (payment-reversals.ts)
      const reversal = reversalOf(w, landed.get(p.key) ?? []);
      if (reversal) {
        keep.push(reversal);
        continue;
      }
      const what = p.status === 'deleted' ? 'reversed in X3' : 'changed in X3';
      settle(w, {
        kind: 'held',
        outcome: {
          targetId: w.decided.reference?.xeroId ?? undefined,
          messages: [
            `payment ${p.key} was ${what} after it was written to Xero (Payment ${ids.join(', ') || w.decided.reference?.xeroId}); Xero never changes a payment, it only deletes one`,
          ],
          proposal: 'Delete that Xero payment and enter the payment as X3 now holds it, in Xero by hand',
        },
        mappingVersion,
      });
      continue;
    }
    if (p.status === 'deleted' && !ids.length) {
      settle(w, {
        kind: 'done',
        outcome: { action: 'skipped', messages: [`payment ${p.key} was reversed in X3 before it reached Xero`] },
        mappingVersion,
      });
      continue;
    }
    const parts = w.parts ?? [];
    const before = new Map((landed.get(p.key) ?? []).map((l) => [l.partKey, l]));
    const changed = parts.filter(
      (part) => before.has(part.partKey) && !sameAmount(before.get(part.partKey)!.amount, part.amount),
    );
    const gone = [...before.keys()].filter((k) => !parts.some((part) => part.partKey === k));
    const reversal = reversalOf(w, landed.get(p.key) ?? []);
    if (reversal) {
      keep.push(reversal); // part of it landed before X3 returned it unpaid
      continue;
    }
    if (p.status === 'deleted' || changed.length || gone.length) {
      settle(w, {
        kind: 'held',
        outcome: {
          messages: [
            `payment ${p.key} changed after part of it was written to Xero (Payments ${ids.join(', ')}): ${[...changed.map((c) => `${c.partKey} now ${c.amount}, paid ${before.get(c.partKey)!.amount}`), ...gone.map((g) => `${g} no longer settled`)].join('; ') || 'reversed in X3'}`,
          ],
          proposal: 'Delete those Xero payments and enter the payment as X3 now holds it, in Xero by hand',
        },
        mappingVersion,
      });
      continue;
    }
    const missing = parts.map((part, i) => ({ part, i })).filter(({ part }) => !before.has(part.partKey));
    if (!missing.length) {
      // every part is in Xero already (a replay of a set whose refused part has since landed)
      const xeroId = await recordPaymentReference(m, d.crossRefs, context, {
        x3Key: p.key,
        contentHash: w.decided.contentHash,
        naturalKey: referenceOf(w.payload),
        mappingVersion,
      });
      settle(w, { kind: 'done', outcome: { action: 'created', targetId: xeroId }, mappingVersion });
      continue;
    }
    if (missing.some(({ part }) => isCreditPart(part.partKey))) {
      // the credit notes first: the cash Payments then find their invoices due only what they pay
      const todo = missing.map((x) => x.part);
      keep.push(creditWrite(w, todo));
      continue;
    }
    const documents = missing.filter(({ part }) => !isRemainderPart(part.partKey));
    if (documents.length) {
      // the documents next; the remainder follows once they are all in Xero (paymentSetSettlement)
      const elements = (w.payload.payments as Row[]).filter((_, i) => documents.some((x) => x.i === i));
      const then = missing.length > documents.length ? 'more' : undefined;
      keep.push({ ...w, payload: { ...w.payload, payments: elements }, parts: documents.map((x) => x.part), then });
      continue;
    }
    const [{ part }] = missing;
    const transaction = remainderTransaction(p, w.payload, part);
    keep.push({
      ...w,
      payload: { ...w.payload, payments: [transaction] },
      parts: [part],
      xeroEntity: REMAINDER_ENTITY[part.partKey as keyof typeof REMAINDER_ENTITY],
    });
  }
  for (const f of final) await d.pending.settle(m, f.change, claimId, f.settlement);
  return keep;
}
