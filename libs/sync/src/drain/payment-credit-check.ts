// Before a payment's credit-note allocations are sent (payment-credits.ts): the credit note and
// its invoices are read as Xero holds them now (one GET each, through XeroOrg.call). An
// allocation of that note to that invoice which Xero already holds, or which the credit-notes
// flow recorded (sync_credit_allocations: a memo naming its invoice is allocated by that flow), is
// taken as the part — never a second one; of another amount it is held. A note or invoice not
// authorised yet waits for it; a voided one, a lock-dated allocation, or more credit than the note
// has left or the invoice is due (with the cash still to pay on it) is held before any write.
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { XeroOrg } from '#lb/connectors/xero';
import type { Payment } from '#lb/mapping';
import type { Settlement } from '../pending/pending-changes.service';
import type { BatchSendDeps } from './batch-send';
import { readCredit, readCredited, XeroCredit, XeroCredited } from './credit-allocation-xero';
import type { OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import { CASH_AFTER, CREDIT_ENTITY, creditPartOf } from './payment-credits';
import { recordPaymentReference } from './payment-parts';
import type { PlannedWrite } from './resolve-writes';

type Row = Record<string, unknown>;

/** An allocation found for a part: Xero's id and amount. */
interface Found {
  allocationId: string;
  amount: string;
  by: string;
}

/** The credit-notes flow's allocations of these memos (done, with Xero's id). */
async function flowAllocations(m: EntityManager, integrationId: string, memos: string[]) {
  const rows: Array<{ credit_note_key: string; document_key: string; xero_allocation_id: string; amount: string }> =
    await m.query(
      `SELECT credit_note_key, document_key, xero_allocation_id, amount FROM sync_credit_allocations
        WHERE integration_id = $1 AND credit_note_key = ANY($2::text[]) AND state = 'done'
          AND xero_allocation_id IS NOT NULL`,
      [integrationId, memos],
    );
  return rows;
}

const memoOf = (note: string) => note.slice(note.indexOf(':') + 1);
const NOT_YET = new Set(['DRAFT', 'SUBMITTED']);

/** Records a part taken from an allocation already made; false when Xero's id is another payment's part. */
async function takePart(
  m: EntityManager,
  context: DrainContext,
  paymentKey: string,
  part: { partKey: string; amount: string },
  found: Found,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO sync_payment_parts
       (tenant_id, integration_id, payment_key, part_key, xero_payment_id, amount, batch_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, NULL, clock_timestamp()) ON CONFLICT DO NOTHING RETURNING id`,
    [context.integration.tenantId, context.integration.id, paymentKey, part.partKey, found.allocationId, part.amount],
  );
  return rows.length > 0;
}

/**
 * What one credit write comes to: the parts still to send, those taken as done, or a settlement
 * of the change (waiting, held) instead of any write.
 */
function decide(
  w: PlannedWrite,
  credit: XeroCredit,
  credited: Map<string, XeroCredited>,
  flow: Awaited<ReturnType<typeof flowAllocations>>,
  facts: OrgFacts,
  mappingVersion: number,
): { send: number[]; taken: Array<{ index: number; found: Found }>; settle?: Settlement } {
  const p = w.record as Payment;
  const parts = w.parts ?? [];
  const elements = (w.payload.payments as Row[]) ?? [];
  const note = creditPartOf(parts[0].partKey).note;
  const held = (messages: string[], proposal: string): Settlement => ({
    kind: 'held',
    outcome: { messages, proposal },
    mappingVersion,
  });
  const send: number[] = [];
  const taken: Array<{ index: number; found: Found }> = [];
  const differs: string[] = [];
  parts.forEach((part, index) => {
    const { document } = creditPartOf(part.partKey);
    const invoiceId = String((elements[index].invoice as Row).invoiceID);
    const live = credit.allocations.filter((a) => a.invoiceId === invoiceId);
    const mine = flow.find((r) => r.credit_note_key === memoOf(note) && r.document_key === document);
    const found: Found | undefined = live.length
      ? {
          allocationId: live[0].allocationId,
          amount: live.reduce((sum, a) => sum.plus(a.amount), new Decimal(0)).toFixed(2),
          by: 'in Xero',
        }
      : mine && { allocationId: mine.xero_allocation_id, amount: mine.amount, by: 'by the credit-notes flow' };
    if (!found) return void send.push(index);
    if (new Decimal(found.amount).equals(new Decimal(part.amount))) return void taken.push({ index, found });
    differs.push(
      `${note} is already allocated ${found.amount} to ${document} ${found.by}; the payment applies ${part.amount}`,
    );
  });
  const keep = `payment ${p.key}: its credit and cash are not written to Xero`;
  if (differs.length) {
    return {
      send,
      taken,
      settle: held(
        [...differs, keep],
        'Make the allocation in Xero match the payment (or correct the payment in X3), then replay',
      ),
    };
  }
  if (!send.length) return { send, taken };
  if (NOT_YET.has(credit.status)) return { send, taken, settle: { kind: 'waiting', waitingOn: note, mappingVersion } };
  if (credit.status !== 'AUTHORISED') {
    return {
      send,
      taken,
      settle: held(
        [`credit note ${memoOf(note)} is ${credit.status} in Xero; ${keep}`],
        'Record the payment in Xero by hand',
      ),
    };
  }
  const wanted = send.reduce((sum, i) => sum.plus(new Decimal(String(elements[i].amount))), new Decimal(0));
  const over: string[] = [];
  if (wanted.gt(credit.remainingCredit))
    over.push(
      `credit note ${memoOf(note)} has ${credit.remainingCredit.toFixed(2)} credit left in Xero; the payment applies ${wanted.toFixed(2)}`,
    );
  const cash = (w.payload[CASH_AFTER] ?? {}) as Record<string, string>;
  for (const i of send) {
    const invoiceId = String((elements[i].invoice as Row).invoiceID);
    const { document } = creditPartOf(parts[i].partKey);
    const doc = credited.get(invoiceId)!;
    if (NOT_YET.has(doc.status))
      return { send, taken, settle: { kind: 'waiting', waitingOn: document, mappingVersion } };
    const needs = new Decimal(String(elements[i].amount)).plus(cash[invoiceId] ?? '0');
    if (doc.status !== 'AUTHORISED' || needs.gt(doc.amountDue))
      over.push(
        `${document} is ${doc.status} in Xero with ${doc.amountDue.toFixed(2)} due; the payment applies ${needs.toFixed(2)} to it (credit and cash)`,
      );
  }
  const given = elements[send[0]].date;
  const date = typeof given === 'string' ? given : p.date;
  if (facts.lockDate && date <= facts.lockDate)
    over.push(`the allocation would be dated ${date}, on or before the lock date ${facts.lockDate}`);
  if (over.length) {
    return {
      send,
      taken,
      settle: held(
        [...over, keep],
        'Settle the invoice in Xero by hand (apply the credit note and record the cash), or correct the payment in X3 and replay',
      ),
    };
  }
  return { send, taken };
}

/**
 * Checks each credit write of a payments claim against Xero; returns the writes to send (with
 * only their parts still to allocate). A change whose parts are all taken comes back for the rest
 * (or is done); one held or waiting is settled here.
 */
export async function checkCreditWrites(
  d: Pick<BatchSendDeps, 'tx' | 'pending' | 'crossRefs'>,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  writes: PlannedWrite[],
  facts: OrgFacts,
  dayReserve: number,
): Promise<PlannedWrite[]> {
  const credits = writes.filter((w) => w.xeroEntity === CREDIT_ENTITY);
  if (!credits.length) return writes;
  const tenantId = context.integration.tenantId;
  const mappingVersion = context.mapping.version;
  const memos = credits.map((w) => memoOf(creditPartOf(w.parts![0].partKey).note));
  const flow = await d.tx.run(tenantId, (m) => flowAllocations(m, context.integration.id, memos));
  const out = writes.filter((w) => w.xeroEntity !== CREDIT_ENTITY);
  for (const w of credits) {
    const elements = w.payload.payments as Row[];
    const credit = await readCredit(org, w.batchGroup!, dayReserve);
    const credited = new Map<string, XeroCredited>();
    for (const id of new Set(elements.map((e) => String((e.invoice as Row).invoiceID)))) {
      credited.set(id, await readCredited(org, id, dayReserve));
    }
    const plan = decide(w, credit, credited, flow, facts, mappingVersion);
    const parts = w.parts!;
    const kept = await d.tx.run(tenantId, async (m) => {
      const p = w.record as Payment;
      for (const t of plan.taken) {
        if (await takePart(m, context, p.key, parts[t.index], t.found)) continue;
        const messages = [`allocation ${t.found.allocationId} is recorded as part of another X3 payment`];
        const proposal = 'Check which X3 payment applied this credit note, then replay';
        await d.pending.settle(m, w.change, claimId, { kind: 'held', outcome: { messages, proposal }, mappingVersion });
        return false;
      }
      if (plan.settle) {
        await d.pending.settle(m, w.change, claimId, plan.settle);
        return false;
      }
      if (plan.send.length) return true;
      // every allocation was made already: on to the rest of the set, or the set is done
      if (w.then) {
        await d.pending.settle(m, w.change, claimId, { kind: 'release', delayMs: 0 });
        return false;
      }
      const targetId = await recordPaymentReference(m, d.crossRefs, context, {
        x3Key: p.key,
        contentHash: w.decided.contentHash,
        naturalKey: null,
        mappingVersion,
      });
      const outcome = { action: 'created' as const, targetId, messages: ['the credit was allocated already'] };
      await d.pending.settle(m, w.change, claimId, { kind: 'done', outcome, mappingVersion });
      return false;
    });
    if (!kept) continue;
    out.push({
      ...w,
      payload: { ...w.payload, payments: plan.send.map((i) => elements[i]) },
      parts: plan.send.map((i) => parts[i]),
    });
  }
  return out;
}
