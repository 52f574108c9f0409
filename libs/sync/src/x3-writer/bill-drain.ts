// The xero-to-x3 bills flow's carry of one claim: the Xero bills (as polled, or fetched 50 ids
// per call), each planned against our tables (linked already, not approved, voided, waiting for
// its supplier), mapped with the flow's mapping (product and tax code per line), written to X3 as
// a validated supplier invoice, and settled with its cross-reference (X3 NUM ↔ Xero InvoiceID) in
// one short transaction. No transaction is held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { compileMapping } from '#lb/mapping';
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges } from '../pending/pending-changes.service';
import { xeroReadingFlows } from '../xero-intake/xero-flows';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { BillToCarry, carryBillToX3, checkLinkedBill } from './bill-write';
import { contactIdsOf, knownBills, planBill } from './bill-plan';
import { ClaimCarry, Decided, WrittenLink, XeroRow } from './claim-carry';
import { releaseCreditNotesWaitingOn } from './credit-note-bill-waits';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';

const pending = new PendingChanges();

export async function carryXeroBills(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const carry = new ClaimCarry(deps, tenantId, run, claim);
  const integrationId = run.integration.id;
  const knownOf = (m: EntityManager, rows: XeroRow[]) =>
    knownBills(m, integrationId, carry.sourceKeys, contactIdsOf(rows));
  return carry.withX3(XERO_SOURCES.bill!, knownOf, async ({ mapping, rows, known, x3, adapterContext }) => {
    const decided: Decided[] = [];
    const pulls: string[] = [];
    const toCheck: Array<{ change: SyncPendingChange; row: XeroRow; x3Key: string }> = [];
    const toCarry: BillToCarry[] = [];
    for (const change of claim.changes) {
      const row = rows.get(change.id);
      const verdict = planBill(change, row, known, run.document.options ?? {});
      if (verdict.kind === 'check') toCheck.push({ change, row: row!, x3Key: verdict.x3Key });
      else if (verdict.kind === 'carry') toCarry.push({ change, row: row!, ...verdict });
      else {
        decided.push({ change, settlement: { mappingVersion: mapping.version, ...verdict.settlement } });
        if (verdict.pullContact) pulls.push(verdict.pullContact);
      }
    }
    const lane = Math.min(...decided.map((i) => i.change.lane));
    // a bill that settles without reaching X3 lets the supplier credit notes waiting on it go unnamed
    const unlinked = decided.filter((i) => SETTLED.includes(i.settlement.kind)).map((i) => i.change.sourceKey);
    await carry.settle(decided, async (m) => {
      await pullContacts(deps, m, tenantId, run, pulls, lane);
      await releaseCreditNotesWaitingOn(deps.jobs, m, tenantId, integrationId, unlinked, lane);
    });
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of [...toCheck, ...toCarry]) {
      // a claim that outlived its lease belongs to another drain now: writing could enter the bill twice
      if (!(await carry.renew(item.change))) continue;
      const result = 'x3Key' in item ? await checkLinkedBill(ctx, item) : await carryBillToX3(ctx, item);
      await carry.settleWritten(item.change, result, mapping.version, billLink(deps, tenantId, integrationId, item));
    }
  });
}

/**
 * A contact not yet an X3 supplier is pulled through the integration's flows that carry
 * suppliers from Xero (if any): their write releases `supplier:<code>`, and the bill (or supplier
 * credit note, credit-note-drain.ts) with it.
 */
export async function pullContacts(
  deps: XeroToX3Deps,
  m: EntityManager,
  tenantId: string,
  run: XeroFlowRun,
  contactIds: string[],
  lane: number,
): Promise<void> {
  if (!contactIds.length) return;
  for (const flow of await xeroReadingFlows(m, run.integration.id, ['supplier'])) {
    const scope = { integrationId: run.integration.id, flowKey: flow.flowKey };
    await pending.accept(
      m,
      tenantId,
      [...new Set(contactIds)].map((sourceKey) => ({
        ...scope,
        entity: 'supplier' as const,
        direction: 'xero-to-x3' as const,
        sourceKey,
        lane,
        source: null,
      })),
    );
    await requestDrain(deps.jobs, tenantId, scope, lane, m);
  }
}

/**
 * What a payment of this bill may wait on (payment-bill-keys.ts): `bill:<X3 key>`, or the bill's
 * Xero id or Reference when the payments flow read no X3 key there (a bill entered in Xero).
 */
function billWaitKeys(snapshot: { x3Key: string; xeroId: string }, row: XeroRow): string[] {
  const reference = typeof row.reference === 'string' ? row.reference.trim() : '';
  return [...new Set([snapshot.x3Key, snapshot.xeroId, reference].filter(Boolean))].map((k) => `bill:${k}`);
}

/** Settlements that end a bill's change (waiting and retried ones are still on their way). */
const SETTLED: string[] = ['done', 'held', 'dead'];

/** A bill's link: held when it cannot be recorded; its record releases the payments waiting for it. */
function billLink(
  deps: XeroToX3Deps,
  tenantId: string,
  integrationId: string,
  { change, row }: { change: SyncPendingChange; row: XeroRow },
): WrittenLink {
  return {
    entity: 'bill',
    heldFor: (x3Key, why) => ({
      message: `X3 supplier invoice ${x3Key} holds this Xero bill, but the link could not be recorded: ${why}`,
      proposal: 'Check the X3 supplier invoice is not linked to another Xero bill, then replay',
    }),
    // payments (and supplier credit notes) of this bill waiting for its link can go now
    alsoOnLink: async (m, snapshot) => {
      for (const flowKey of await pending.release(m, integrationId, billWaitKeys(snapshot, row))) {
        await requestDrain(deps.jobs, tenantId, { integrationId, flowKey }, change.lane, m);
      }
    },
    alsoUnlinked: async (m, settlement) => {
      if (!SETTLED.includes(settlement.kind)) return;
      await releaseCreditNotesWaitingOn(deps.jobs, m, tenantId, integrationId, [change.sourceKey], change.lane);
    },
  };
}
