// The xero-to-x3 bills flow's carry of one claim, on the steps it shares with the supplier credit
// notes flow (supplier-document-drain.ts): the Xero bills (as polled, or fetched 50 ids per call),
// each planned against our tables (linked already, not approved, voided, waiting for its supplier),
// mapped with the flow's mapping (product and tax code per line), written to X3 as a validated
// supplier invoice, and settled with its cross-reference (X3 NUM ↔ Xero InvoiceID) in one short
// transaction. No transaction is held across a Xero or X3 call.
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { PendingChanges } from '../pending/pending-changes.service';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { carryBillToX3, checkLinkedBill } from './bill-write';
import { contactIdsOf, knownBills, planBill } from './bill-plan';
import { WrittenLink, XeroRow } from './claim-carry';
import { releaseCreditNotesWaitingOn } from './credit-note-bill-waits';
import type { XeroToX3Deps } from './drain-xero-to-x3';
import { supplierDocumentCarry } from './supplier-document-drain';

const pending = new PendingChanges();

export const carryXeroBills = supplierDocumentCarry((deps, tenantId, integrationId) => ({
  source: XERO_SOURCES.bill!,
  known: (m, sourceKeys, rows) => knownBills(m, integrationId, sourceKeys, contactIdsOf(rows)),
  plan: planBill,
  check: checkLinkedBill,
  carry: carryBillToX3,
  link: (item) => billLink(deps, tenantId, integrationId, item),
  alsoOnSettle: (decided, lane) => {
    // a bill that settles without reaching X3 lets the supplier credit notes waiting on it go unnamed
    const unlinked = decided.filter((i) => SETTLED.includes(i.settlement.kind)).map((i) => i.change.sourceKey);
    return (m) => releaseCreditNotesWaitingOn(deps.jobs, m, tenantId, integrationId, unlinked, lane);
  },
}));

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
