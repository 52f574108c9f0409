// What the xero-to-x3 supplier document flows (bills, supplier credit notes) do alike in carrying
// one claim: each Xero document planned against our tables (linked already, not approved, voided,
// waiting for its supplier), the ones settled without X3 settled with the pull of the contacts not
// yet X3 suppliers, then each linked one checked against X3 and each other written to X3, settled
// with its cross-reference in one short transaction. No transaction is held across a Xero or X3 call.
import { EntityManager } from 'typeorm';
import { compileMapping } from '#lb/mapping';
import { requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, PendingChanges } from '../pending/pending-changes.service';
import { xeroReadingFlows } from '../xero-intake/xero-flows';
import type { XeroSource } from '../xero-intake/xero-resources';
import { CarryResult, ClaimCarry, Decided, WrittenLink, XeroRow } from './claim-carry';
import type { XeroFlowRun, XeroToX3Deps, XeroToX3Report } from './drain-xero-to-x3';
import type { PlannedSettlement } from './supplier-document-plan';
import type { LinkedSupplierDocument, SupplierDocumentWriteContext } from './supplier-document-write';

const pending = new PendingChanges();

type Verdict<C> =
  | { kind: 'settle'; settlement: PlannedSettlement; pullContact?: string }
  | { kind: 'check'; x3Key: string }
  | ({ kind: 'carry' } & C);

/** One supplier document flow: its Xero source, what it reads of our tables, its plan, write and link. */
export interface SupplierDocumentFlow<K, C> {
  source: XeroSource;
  /** What our tables hold about the claimed records (`sourceKeys`: their Xero ids, lower-cased). */
  known: (m: EntityManager, sourceKeys: string[], rows: XeroRow[]) => Promise<K>;
  plan: (
    change: SyncPendingChange,
    row: XeroRow | undefined,
    known: K,
    options: { cutOverDate?: string },
  ) => Verdict<C>;
  check: (ctx: SupplierDocumentWriteContext, item: LinkedSupplierDocument) => Promise<CarryResult>;
  carry: (
    ctx: SupplierDocumentWriteContext,
    item: { change: SyncPendingChange; row: XeroRow } & NoInfer<C>,
  ) => Promise<CarryResult>;
  link: (item: { change: SyncPendingChange; row: XeroRow }) => WrittenLink;
  /** More to do in the transaction that settles the records decided without X3 (read from them now). */
  alsoOnSettle?: (decided: Decided[], lane: number) => (m: EntityManager) => Promise<void>;
}

export async function carrySupplierDocuments<K, C>(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
  flow: SupplierDocumentFlow<K, C>,
): Promise<XeroToX3Report> {
  const carry = new ClaimCarry(deps, tenantId, run, claim);
  const knownOf = (m: EntityManager, rows: XeroRow[]) => flow.known(m, carry.sourceKeys, rows);
  return carry.withX3(flow.source, knownOf, async ({ mapping, rows, known, x3, adapterContext }) => {
    const decided: Decided[] = [];
    const pulls: string[] = [];
    const toCheck: LinkedSupplierDocument[] = [];
    const toCarry: Array<{ change: SyncPendingChange; row: XeroRow } & C> = [];
    for (const change of claim.changes) {
      const row = rows.get(change.id);
      const verdict = flow.plan(change, row, known, run.document.options ?? {});
      if (verdict.kind === 'check') toCheck.push({ change, row: row!, x3Key: verdict.x3Key });
      else if (verdict.kind === 'carry') toCarry.push({ change, row: row!, ...verdict });
      else {
        decided.push({ change, settlement: { mappingVersion: mapping.version, ...verdict.settlement } });
        if (verdict.pullContact) pulls.push(verdict.pullContact);
      }
    }
    const lane = Math.min(...decided.map((i) => i.change.lane));
    const also = flow.alsoOnSettle?.(decided, lane);
    await carry.settle(decided, async (m) => {
      await pullContacts(deps, m, tenantId, run, pulls, lane);
      await also?.(m);
    });
    const ctx = { x3, compiled: compileMapping(mapping.document), adapterContext, mappingVersion: mapping.version };
    for (const item of [...toCheck, ...toCarry]) {
      // a claim that outlived its lease belongs to another drain now: writing could enter the document twice
      if (!(await carry.renew(item.change))) continue;
      const result = 'x3Key' in item ? await flow.check(ctx, item) : await flow.carry(ctx, item);
      await carry.settleWritten(item.change, result, mapping.version, flow.link(item));
    }
  });
}

/** A flow's carry of one claim, its steps made for the integration (`flowOf`). */
export function supplierDocumentCarry<K, C>(
  flowOf: (deps: XeroToX3Deps, tenantId: string, integrationId: string) => SupplierDocumentFlow<K, C>,
): (deps: XeroToX3Deps, tenantId: string, run: XeroFlowRun, claim: Claim) => Promise<XeroToX3Report> {
  return (deps, tenantId, run, claim) =>
    carrySupplierDocuments(deps, tenantId, run, claim, flowOf(deps, tenantId, run.integration.id));
}

/**
 * A contact not yet an X3 supplier is pulled through the integration's flows that carry
 * suppliers from Xero (if any): their write releases `supplier:<code>`, and the bill (or supplier
 * credit note) with it.
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
