// The xero-to-x3 payments flow's carry of one claim: the Xero Payments (as polled, or fetched 50
// ids per call) of invoices, bills and credit notes paid back, each planned against our tables
// (echo, already carried, deleted, waiting for its document's link), mapped with the flow's
// mapping (X3 bank and payment method), written to X3 as a payment document, and settled with its
// cross-reference (X3 payment NUM ↔ Xero PaymentID) in one short transaction. No transaction is
// held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { compileMapping } from '#lb/mapping';
import type { Claim } from '../pending/pending-changes.service';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { ClaimCarry, Decided, WrittenLink, XeroRow } from './claim-carry';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';
import { recordWrittenFromXero } from '../ledger-copies/ledger-copies';
import { keyBillWaits } from './payment-bill-keys';
import { creditNoteNumbersOf, documentIdsOf, knownPayments, planPayment } from './payment-plan';
import { carryPaymentToX3, PaymentToCarry } from './payment-write';

const PAYMENT_LINK: WrittenLink = {
  entity: 'payment',
  heldFor: (x3Key, why) => ({
    message: `X3 payment ${x3Key} carries this Xero payment, but the link could not be recorded: ${why}`,
    proposal: 'Check the X3 payment is not linked to another Xero payment, then replay',
  }),
};

export async function carryXeroPayments(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const carry = new ClaimCarry(deps, tenantId, run, claim);
  const knownOf = (m: EntityManager, rows: XeroRow[]) =>
    knownPayments(m, run.integration.id, carry.sourceKeys, documentIdsOf(rows), creditNoteNumbersOf(rows));
  return carry.withX3(XERO_SOURCES.payment!, knownOf, async ({ mapping, rows, known, x3, adapterContext }) => {
    const decided: Decided[] = [];
    const toCarry: PaymentToCarry[] = [];
    for (const change of claim.changes) {
      const row = rows.get(change.id);
      const verdict = planPayment(change, row, known, run.document.options ?? {});
      if (verdict.kind === 'carry') toCarry.push({ change, row: row!, document: verdict.document });
      else decided.push({ change, settlement: { mappingVersion: mapping.version, ...verdict.settlement } });
    }
    await carry.settle(await keyBillWaits(() => carry.org(), decided));
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of toCarry) {
      // a claim that outlived its lease belongs to another drain now: writing could pay twice
      if (!(await carry.renew(item.change))) continue;
      const result = await carryPaymentToX3(ctx, item);
      // reconciliation's copies of both sides, under the X3 key they now share (the X3 poll finds
      // the payment linked and may never map it again)
      const link: WrittenLink = {
        ...PAYMENT_LINK,
        alsoOnLink: async (m, snapshot) => {
          await recordWrittenFromXero(m, tenantId, run.integration.id, 'payment', snapshot.x3Key, item.row);
        },
      };
      await carry.settleWritten(item.change, result, mapping.version, link);
    }
  });
}
