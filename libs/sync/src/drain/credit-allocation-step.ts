// The allocation changes of a credit-notes claim (see credit-allocations.ts), carried after the
// claim's own batch: each waits until its credit note and the credited document have Xero ids,
// then the credit note is allocated to that document for min(remaining credit, amount due). The
// allocation's row turns 'done' with Xero's AllocationID in the transaction that settles it; an
// unclear outcome leaves it open, and the next attempt reads the credit note's allocations first.
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TenantTransactions } from '#lb/database';
import { XeroOrg } from '#lb/connectors/xero';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import type { PendingChanges, Settlement } from '../pending/pending-changes.service';
import { NEEDS_AN_ACCOUNTANT } from './apply-outcomes';
import { SyncCreditAllocation } from './credit-allocation.entity';
import { planAllocation, readCredit, readCredited, sendAllocation } from './credit-allocation-xero';
import { creditNoteKeyOf, prerequisiteOf } from './credit-allocations';
import type { OrgFacts } from './drain-caches';
import type { DrainContext } from './drain-context';
import { Prerequisite, waitingKeyOf } from './entity-plans';
import { lockWaitingKeys, pullPrerequisites, ResolveDeps } from './resolve-writes';

export interface AllocationDeps extends ResolveDeps {
  tx: TenantTransactions;
  pending: PendingChanges;
  crossRefs: CrossReferences;
}

interface Ready {
  change: SyncPendingChange;
  row: SyncCreditAllocation;
  creditNoteId: string;
  invoiceId: string;
  document: Prerequisite;
}

type Final = { change: SyncPendingChange; settlement: Settlement };

/** Settles what needs no Xero call (waits, allocations already recorded); returns the rest. */
async function resolveAllocations(
  m: EntityManager,
  d: AllocationDeps,
  context: DrainContext,
  claimId: string,
  changes: SyncPendingChange[],
): Promise<Ready[]> {
  const integrationId = context.integration.id;
  const mappingVersion = context.mapping.version;
  const keys = changes.map(creditNoteKeyOf);
  const rows = await m.find(SyncCreditAllocation, {
    where: keys.map((creditNoteKey) => ({ integrationId, creditNoteKey })),
  });
  const rowOf = new Map(rows.map((r) => [r.creditNoteKey, r]));
  const documents = rows.map((r) => prerequisiteOf(r.documentKey));
  // serialised against the landing of these records (apply-outcomes takes the same locks)
  await lockWaitingKeys(m, integrationId, [
    ...keys.map((key) => waitingKeyOf({ entity: 'creditNote', key })),
    ...documents.map(waitingKeyOf),
  ]);
  const notes = await d.crossRefs.byX3Keys(m, { integrationId, entity: 'creditNote' }, keys);
  const idOf = new Map<string, string>();
  for (const entity of ['invoice', 'bill'] as const) {
    const wanted = documents.filter((p) => p.entity === entity).map((p) => p.key);
    if (!wanted.length) continue;
    for (const [key, ref] of await d.crossRefs.byX3Keys(m, { integrationId, entity }, wanted)) {
      if (ref.state !== 'archived' && ref.xeroId) idOf.set(waitingKeyOf({ entity, key }), ref.xeroId);
    }
  }
  const final: Final[] = [];
  const ready: Ready[] = [];
  const missing: Array<{ prerequisite: Prerequisite; lane: number }> = [];
  for (const change of changes) {
    const key = creditNoteKeyOf(change);
    const row = rowOf.get(key);
    const note = notes.get(key);
    if (!row) {
      final.push({
        change,
        settlement: { kind: 'done', outcome: { action: 'skipped', messages: ['no allocation to make'] } },
      });
    } else if (row.state === 'done') {
      const outcome = { action: 'unchanged' as const, targetId: row.xeroAllocationId ?? undefined };
      final.push({ change, settlement: { kind: 'done', outcome, mappingVersion } });
    } else if (!note || note.state === 'archived' || !note.xeroId) {
      final.push({
        change,
        settlement: { kind: 'waiting', waitingOn: waitingKeyOf({ entity: 'creditNote', key }), mappingVersion },
      });
    } else {
      const document = prerequisiteOf(row.documentKey);
      const invoiceId = idOf.get(row.documentKey);
      if (invoiceId) ready.push({ change, row, creditNoteId: note.xeroId, invoiceId, document });
      else {
        // the credited invoice is not in Xero yet: wait for it, and have its flow carry it
        final.push({ change, settlement: { kind: 'waiting', waitingOn: row.documentKey, mappingVersion } });
        missing.push({ prerequisite: document, lane: change.lane });
      }
    }
  }
  await pullPrerequisites(m, d, context, missing);
  for (const f of final) await d.pending.settle(m, f.change, claimId, f.settlement);
  return ready;
}

/** Records one allocation's outcome with its settlement (the row even if the claim was lost: Xero holds it). */
async function recordOutcome(
  m: EntityManager,
  d: AllocationDeps,
  claimId: string,
  r: Ready,
  settlement: Settlement,
  row: Partial<Pick<SyncCreditAllocation, 'state' | 'xeroAllocationId' | 'amount' | 'idempotencyKey'>>,
): Promise<void> {
  if (Object.keys(row).length) await m.update(SyncCreditAllocation, { id: r.row.id }, row);
  await d.pending.settle(m, r.change, claimId, settlement);
}

/** Carries the allocation changes of a claim; returns how many allocations Xero now holds from this run. */
export async function allocateCredits(
  d: AllocationDeps,
  org: XeroOrg,
  context: DrainContext,
  claimId: string,
  changes: SyncPendingChange[],
  facts: OrgFacts,
  dayReserve: number,
): Promise<number> {
  const tenantId = context.integration.tenantId;
  const mappingVersion = context.mapping.version;
  const ready = await d.tx.run(tenantId, (m) => resolveAllocations(m, d, context, claimId, changes));
  let allocated = 0;
  for (const r of ready) {
    const what = { note: creditNoteKeyOf(r.change), document: `${r.document.entity} ${r.document.key}` };
    const credit = await readCredit(org, r.creditNoteId, dayReserve);
    const credited = await readCredited(org, r.invoiceId, dayReserve);
    const plan = planAllocation(credit, credited, r.invoiceId, facts, what);
    const record = (settlement: Settlement, row: Parameters<typeof recordOutcome>[5] = {}) =>
      d.tx.run(tenantId, (m) => recordOutcome(m, d, claimId, r, settlement, row));
    if (plan.kind === 'found') {
      const messages = [`${what.note} was already allocated to ${what.document} in Xero (${plan.amount})`];
      await record(
        { kind: 'done', outcome: { action: 'created', targetId: plan.allocationId, messages }, mappingVersion },
        { state: 'done', xeroAllocationId: plan.allocationId, amount: plan.amount },
      );
    } else if (plan.kind === 'wait') {
      const waitingOn =
        plan.on === 'creditNote' ? waitingKeyOf({ entity: 'creditNote', key: what.note }) : r.row.documentKey;
      await record({ kind: 'waiting', waitingOn, mappingVersion });
    } else if (plan.kind === 'held') {
      await record(
        { kind: 'held', outcome: { messages: plan.messages, proposal: plan.proposal }, mappingVersion },
        { state: 'held' },
      );
    } else if (plan.kind === 'nothing') {
      await record(
        { kind: 'done', outcome: { action: 'skipped', messages: [plan.why] }, mappingVersion },
        { state: 'done' },
      );
    } else {
      const sent = await sendAllocation(
        org,
        r.creditNoteId,
        { invoiceId: r.invoiceId, amount: plan.amount, date: plan.date, idempotencyKey: r.row.idempotencyKey },
        dayReserve,
      );
      if (sent.kind === 'allocated') {
        const messages = [`allocated ${plan.amount} ${credit.currency} to ${what.document}`];
        await record(
          { kind: 'done', outcome: { action: 'created', targetId: sent.allocationId, messages }, mappingVersion },
          { state: 'done', xeroAllocationId: sent.allocationId, amount: plan.amount },
        );
        allocated++;
      } else {
        // nothing was allocated: a later attempt is a new request (Xero would replay this refusal)
        const rotate = { idempotencyKey: randomUUID() };
        const held = sent.messages.some((msg) => NEEDS_AN_ACCOUNTANT.test(msg));
        await record(
          held
            ? {
                kind: 'held',
                outcome: {
                  messages: sent.messages,
                  proposal: 'Allocate the credit note in Xero by hand, or fix the documents and replay',
                },
                mappingVersion,
              }
            : { kind: 'dead', error: 'refused by Xero', outcome: { messages: sent.messages }, mappingVersion },
          { ...rotate, state: held ? 'held' : 'dead' },
        );
      }
    }
  }
  return allocated;
}
