// The xero-to-x3 supplier credit notes flow's carry of one claim, as bill-drain.ts carries bills:
// the Xero ACCPAYCREDIT credit notes (as polled, or fetched 50 ids per call), each planned against
// our tables (linked already, not approved, voided, waiting for its supplier), mapped with the
// flow's mapping (product and tax code per line), written to X3 as a validated supplier credit
// memo, and settled with its cross-reference (X3 NUM ↔ Xero CreditNoteID) in one short
// transaction. No transaction is held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { compileMapping } from '#lb/mapping';
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges } from '../pending/pending-changes.service';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { pullContacts } from './bill-drain';
import { contactIdsOf } from './bill-plan';
import { ClaimCarry, Decided, WrittenLink, XeroRow } from './claim-carry';
import { allocatedInvoiceIds, knownCreditNotes, planCreditNote } from './credit-note-plan';
import { carryCreditNoteToX3, checkLinkedCreditNote, CreditNoteToCarry } from './credit-note-write';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';

const pending = new PendingChanges();

export async function carryXeroCreditNotes(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const carry = new ClaimCarry(deps, tenantId, run, claim);
  const integrationId = run.integration.id;
  const knownOf = (m: EntityManager, rows: XeroRow[]) =>
    knownCreditNotes(m, integrationId, carry.sourceKeys, contactIdsOf(rows), rows.flatMap(allocatedInvoiceIds));
  const source = XERO_SOURCES.creditNote!;
  return carry.withX3(source, knownOf, async ({ mapping, rows, known, x3, adapterContext }) => {
    const decided: Decided[] = [];
    const pulls: string[] = [];
    const toCheck: Array<{ change: SyncPendingChange; row: XeroRow; x3Key: string }> = [];
    const toCarry: CreditNoteToCarry[] = [];
    for (const change of claim.changes) {
      const row = rows.get(change.id);
      const verdict = planCreditNote(change, row, known, run.document.options ?? {});
      if (verdict.kind === 'check') toCheck.push({ change, row: row!, x3Key: verdict.x3Key });
      else if (verdict.kind === 'carry') toCarry.push({ change, row: row!, ...verdict });
      else {
        decided.push({ change, settlement: { mappingVersion: mapping.version, ...verdict.settlement } });
        if (verdict.pullContact) pulls.push(verdict.pullContact);
      }
    }
    const lane = Math.min(...decided.map((i) => i.change.lane));
    await carry.settle(decided, (m) => pullContacts(deps, m, tenantId, run, pulls, lane));
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of [...toCheck, ...toCarry]) {
      // a claim that outlived its lease belongs to another drain now: writing could enter the memo twice
      if (!(await carry.renew(item.change))) continue;
      const result = 'x3Key' in item ? await checkLinkedCreditNote(ctx, item) : await carryCreditNoteToX3(ctx, item);
      await carry.settleWritten(
        item.change,
        result,
        mapping.version,
        creditNoteLink(deps, tenantId, integrationId, item),
      );
    }
  });
}

/** A credit note's link: held when it cannot be recorded; its record releases what waits for it. */
function creditNoteLink(
  deps: XeroToX3Deps,
  tenantId: string,
  integrationId: string,
  { change }: { change: SyncPendingChange },
): WrittenLink {
  return {
    entity: 'creditNote',
    heldFor: (x3Key, why) => ({
      message: `X3 supplier credit memo ${x3Key} holds this Xero credit note, but the link could not be recorded: ${why}`,
      proposal: 'Check the X3 supplier credit memo is not linked to another Xero credit note, then replay',
    }),
    // an X3 payment of the memo waiting for it in Xero (x3→xero payments flow) can go now
    alsoOnLink: async (m, snapshot) => {
      const keys = [...new Set([snapshot.x3Key, snapshot.xeroId])].map((k) => `creditNote:${k}`);
      for (const flowKey of await pending.release(m, integrationId, keys)) {
        await requestDrain(deps.jobs, tenantId, { integrationId, flowKey }, change.lane, m);
      }
    },
  };
}
