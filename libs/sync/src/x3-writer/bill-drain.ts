// The xero-to-x3 bills flow's carry of one claim: the Xero bills (as polled, or fetched 50 ids
// per call), each planned against our tables (linked already, not approved, voided, waiting for
// its supplier), mapped with the flow's mapping (product and tax code per line), written to X3 as
// a validated supplier invoice, and settled with its cross-reference (X3 NUM ↔ Xero InvoiceID) in
// one short transaction. No transaction is held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { AdapterContext, compileMapping } from '#lb/mapping';
import { CrossReferences } from '../cross-references/cross-references.service';
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges, pinnedVersionOf, Settlement } from '../pending/pending-changes.service';
import { fetchByIds } from '../xero-intake/xero-fetch';
import { xeroReadingFlows } from '../xero-intake/xero-flows';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { BillToCarry, BillWriteResult, carryBillToX3, checkLinkedBill } from './bill-write';
import { contactIdsOf, knownBills, planBill } from './bill-plan';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';
import { loadXeroToX3Mapping } from './flow-mapping';
import { paymentsOrg } from './payment-bill-keys';
import { refKeyOf } from './payment-write';
import { settlementOfX3Failure } from './x3-failures';
import { settlementOfXeroFailure } from './xero-read-failure';

type Row = Record<string, unknown>;
type Item = { change: SyncPendingChange; settlement: Settlement };

const pending = new PendingChanges();
const references = new CrossReferences();

export async function carryXeroBills(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const report: XeroToX3Report = { claimed: claim.changes.length, written: 0, settled: 0, dead: 0, deferred: 0 };
  const settle = (items: Item[], pulls: string[] = []) =>
    settleEach(deps, tenantId, claim.claimId, items, report, run, pulls);
  const all = (s: (c: SyncPendingChange) => Settlement) =>
    settle(claim.changes.map((c) => ({ change: c, settlement: s(c) })));

  const mapping = await loadXeroToX3Mapping(deps, tenantId, run, pinnedVersionOf(claim));
  if ('error' in mapping) {
    await all(() => ({ kind: 'dead', error: mapping.error, outcome: { messages: [mapping.error] } }));
    return report;
  }
  let rows: Map<string, Row>;
  try {
    rows = await billRows(deps, tenantId, run, claim.changes);
  } catch (error) {
    await all((c) => settlementOfXeroFailure(error, c.attempts));
    return report;
  }
  const integrationId = run.integration.id;
  const { known, x3 } = await deps.tx.run(tenantId, async (m) => ({
    known: await knownBills(
      m,
      integrationId,
      claim.changes.map((c) => c.sourceKey.toLowerCase()),
      contactIdsOf([...rows.values()]),
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
    const pulls: string[] = [];
    const toCheck: Array<{ change: SyncPendingChange; row: Row; x3Key: string }> = [];
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
    await settle(decided, pulls);
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of [...toCheck, ...toCarry]) {
      // a claim that outlived its lease belongs to another drain now: writing could enter the bill twice
      if (!(await deps.tx.run(tenantId, (m) => pending.renew(m, item.change, claim.claimId)))) continue;
      const result = 'x3Key' in item ? await checkLinkedBill(ctx, item) : await carryBillToX3(ctx, item);
      await settleWritten(deps, tenantId, claim.claimId, integrationId, item, result, mapping.version, report);
    }
  } finally {
    x3.close();
  }
  return report;
}

/** The claimed bills by change id: as polled (JSON), or fetched from Xero 50 ids per call. */
async function billRows(
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
      XERO_SOURCES.bill!,
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

/**
 * A contact not yet an X3 supplier is pulled through the integration's flows that carry
 * suppliers from Xero (if any): their write releases `supplier:<code>`, and the bill with it.
 */
async function pullContacts(
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
function billWaitKeys(snapshot: { x3Key: string; xeroId: string }, row: Row): string[] {
  const reference = typeof row.reference === 'string' ? row.reference.trim() : '';
  return [...new Set([snapshot.x3Key, snapshot.xeroId, reference].filter(Boolean))].map((k) => `bill:${k}`);
}

/** The settlement and the cross-reference in one transaction; a link that cannot be recorded is held. */
async function settleWritten(
  deps: XeroToX3Deps,
  tenantId: string,
  claimId: string,
  integrationId: string,
  { change, row }: { change: SyncPendingChange; row: Row },
  result: BillWriteResult,
  mappingVersion: number,
  report: XeroToX3Report,
): Promise<void> {
  const record = async (m: EntityManager) => {
    if (!(await pending.settle(m, change, claimId, result.settlement))) return false;
    if (result.snapshot) {
      await references.record(m, tenantId, {
        integrationId,
        entity: 'bill',
        ...result.snapshot,
        kind: 'write',
        mappingVersion,
      });
      // payments of this bill waiting for its link can go now
      for (const flowKey of await pending.release(m, integrationId, billWaitKeys(result.snapshot, row))) {
        await requestDrain(deps.jobs, tenantId, { integrationId, flowKey }, change.lane, m);
      }
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
        messages: [`X3 supplier invoice ${x3Key} holds this Xero bill, but the link could not be recorded: ${why}`],
        proposal: 'Check the X3 supplier invoice is not linked to another Xero bill, then replay',
      },
      mappingVersion,
    };
    if (await deps.tx.run(tenantId, (m) => pending.settle(m, change, claimId, held))) count(report, held, false);
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
  run: XeroFlowRun,
  pulls: string[],
): Promise<void> {
  if (!items.length) return;
  await deps.tx.run(tenantId, async (m) => {
    for (const { change, settlement } of items) {
      if (await pending.settle(m, change, claimId, settlement)) count(report, settlement, false);
    }
    await pullContacts(deps, m, tenantId, run, pulls, Math.min(...items.map((i) => i.change.lane)));
  });
}
