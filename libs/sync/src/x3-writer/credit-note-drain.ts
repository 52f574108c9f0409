// The xero-to-x3 supplier credit notes flow's carry of one claim, on the steps it shares with the
// bills flow (supplier-document-drain.ts): the Xero ACCPAYCREDIT credit notes (as polled, or
// fetched 50 ids per call), each planned against our tables (linked already, not approved, voided,
// waiting for its supplier), mapped with the flow's mapping (product and tax code per line),
// written to X3 as a validated supplier credit memo, and settled with its cross-reference (X3 NUM ↔
// Xero CreditNoteID) in one short transaction. No transaction is held across a Xero or X3 call.
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { WrittenLink } from './claim-carry';
import { allocatedInvoiceIds, knownCreditNotes, planCreditNote } from './credit-note-plan';
import { carryCreditNoteToX3, checkLinkedCreditNote } from './credit-note-write';
import type { XeroToX3Deps } from './drain-xero-to-x3';
import { supplierDocumentCarry } from './supplier-document-drain';
import { contactIdsOf } from './supplier-document-plan';

const pending = new PendingChanges();

export const carryXeroCreditNotes = supplierDocumentCarry((deps, tenantId, integrationId) => ({
  source: XERO_SOURCES.creditNote!,
  known: (m, sourceKeys, rows) =>
    knownCreditNotes(m, integrationId, sourceKeys, contactIdsOf(rows), rows.flatMap(allocatedInvoiceIds)),
  plan: planCreditNote,
  check: checkLinkedCreditNote,
  carry: carryCreditNoteToX3,
  link: (item) => creditNoteLink(deps, tenantId, integrationId, item),
}));

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
