// The xero-to-x3 payments flow's carry of one claim: the Xero Payments (as polled, or fetched 50
// ids per call), each planned against our tables (echo, already carried, deleted, waiting for
// its document's link), mapped with the flow's mapping (X3 bank and payment method), written to
// X3 as a payment document, and settled with its cross-reference (X3 payment NUM ↔ Xero
// PaymentID) in one short transaction. No transaction is held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { AdapterContext, compileMapping } from '#lb/mapping';
import { CrossReferences } from '../cross-references/cross-references.service';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges, pinnedVersionOf, Settlement } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';
import { loadXeroToX3Mapping } from './flow-mapping';
import { keyBillWaits, paymentsOrg } from './payment-bill-keys';
import { documentIdsOf, knownPayments, planPayment } from './payment-plan';
import { carryPaymentToX3, PaymentToCarry, PaymentWriteResult, refKeyOf } from './payment-write';
import { settlementOfX3Failure } from './x3-failures';
import { settlementOfXeroFailure } from './xero-read-failure';

type Row = Record<string, unknown>;
type Item = { change: SyncPendingChange; settlement: Settlement };

const pending = new PendingChanges();
const references = new CrossReferences();

export async function carryXeroPayments(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const report: XeroToX3Report = { claimed: claim.changes.length, written: 0, settled: 0, dead: 0, deferred: 0 };
  const settle = (items: Item[]) => settleEach(deps, tenantId, claim.claimId, items, report);
  const all = (s: (c: SyncPendingChange) => Settlement) =>
    settle(claim.changes.map((c) => ({ change: c, settlement: s(c) })));

  const mapping = await loadXeroToX3Mapping(deps, tenantId, run, pinnedVersionOf(claim));
  if ('error' in mapping) {
    await all(() => ({ kind: 'dead', error: mapping.error, outcome: { messages: [mapping.error] } }));
    return report;
  }
  let rows: Map<string, Row>;
  try {
    rows = await paymentRows(deps, tenantId, run, claim.changes);
  } catch (error) {
    await all((c) => settlementOfXeroFailure(error, c.attempts));
    return report;
  }
  const integrationId = run.integration.id;
  const { known, x3 } = await deps.tx.run(tenantId, async (m) => ({
    known: await knownPayments(
      m,
      integrationId,
      claim.changes.map((c) => c.sourceKey.toLowerCase()),
      documentIdsOf([...rows.values()]),
    ),
    x3: await deps.openX3(m, run.integration),
  }));
  try {
    let adapterContext: AdapterContext;
    try {
      const company = await x3.get('company', run.integration.x3Company);
      adapterContext = { baseCurrency: refKeyOf(company.accountingCurrency), x3Company: run.integration.x3Company };
    } catch (error) {
      await all((c) => settlementOfX3Failure(error, c.attempts, mapping.version));
      return report;
    }
    const decided: Item[] = [];
    const toCarry: PaymentToCarry[] = [];
    for (const change of claim.changes) {
      const row = rows.get(change.id);
      const verdict = planPayment(change, row, known, run.document.options ?? {});
      if (verdict.kind === 'carry') toCarry.push({ change, row: row!, document: verdict.document });
      else decided.push({ change, settlement: { mappingVersion: mapping.version, ...verdict.settlement } });
    }
    await settle(await keyBillWaits(() => paymentsOrg(deps, tenantId, run.integration, claim.changes), decided));
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of toCarry) {
      // a claim that outlived its lease belongs to another drain now: writing could pay twice
      if (!(await deps.tx.run(tenantId, (m) => pending.renew(m, item.change, claim.claimId)))) continue;
      const result = await carryPaymentToX3(ctx, item);
      await settleWritten(deps, tenantId, claim.claimId, integrationId, item, result, mapping.version, report);
    }
  } finally {
    x3.close();
  }
  return report;
}

/** The claimed Payments by change id: as polled (JSON), or fetched from Xero 50 ids per call. */
async function paymentRows(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  changes: SyncPendingChange[],
): Promise<Map<string, Row>> {
  const toFetch = changes.filter((c) => c.source === null).map((c) => c.sourceKey);
  let fetched = new Map<string, Row>();
  if (toFetch.length) {
    fetched = await fetchByIds(
      await paymentsOrg(deps, tenantId, run.integration, changes),
      XERO_SOURCES.payment!,
      toFetch,
    );
  }
  const rows = new Map<string, Row>();
  for (const c of changes) {
    const row = c.source ?? fetched.get(c.sourceKey.toLowerCase());
    // as JSON: the SDK's Date objects become the ISO text the adapters read
    if (row) rows.set(c.id, JSON.parse(JSON.stringify(row)) as Row);
  }
  return rows;
}

/** The settlement and the cross-reference in one transaction; a link that cannot be recorded is held. */
async function settleWritten(
  deps: XeroToX3Deps,
  tenantId: string,
  claimId: string,
  integrationId: string,
  item: PaymentToCarry,
  result: PaymentWriteResult,
  mappingVersion: number,
  report: XeroToX3Report,
): Promise<void> {
  const record = async (m: EntityManager) => {
    if (!(await pending.settle(m, item.change, claimId, result.settlement))) return false;
    if (result.snapshot) {
      await references.record(m, tenantId, {
        integrationId,
        entity: 'payment',
        ...result.snapshot,
        kind: 'write',
        mappingVersion,
      });
    }
    return true;
  };
  try {
    if (await deps.tx.run(tenantId, record)) count(report, result.settlement, result.wrote);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const x3Key = result.snapshot?.x3Key;
    const held: Settlement = {
      kind: 'held',
      outcome: {
        targetId: x3Key,
        messages: [`X3 payment ${x3Key} carries this Xero payment, but the link could not be recorded: ${why}`],
        proposal: 'Check the X3 payment is not linked to another Xero payment, then replay',
      },
      mappingVersion,
    };
    if (await deps.tx.run(tenantId, (m) => pending.settle(m, item.change, claimId, held))) count(report, held, false);
  }
}

function count(report: XeroToX3Report, s: Settlement, wrote: boolean): void {
  if (wrote) report.written++;
  else if (s.kind === 'dead') report.dead++;
  else if (s.kind === 'retry' || s.kind === 'release') report.deferred++;
  else report.settled++;
}

async function settleEach(
  deps: XeroToX3Deps,
  tenantId: string,
  claimId: string,
  items: Item[],
  report: XeroToX3Report,
): Promise<void> {
  if (!items.length) return;
  await deps.tx.run(tenantId, async (m) => {
    for (const { change, settlement } of items) {
      if (await pending.settle(m, change, claimId, settlement)) count(report, settlement, false);
    }
  });
}
