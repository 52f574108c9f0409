// The xero→x3 drain of one flow: claim up to 50 changes, fetch their Xero records (50 ids per
// call), map them with the flow's xero-to-x3 mapping version, write X3 (customers and suppliers
// for now), record the cross-reference and settle each change in one short transaction. No
// transaction is held across a Xero or X3 call; a Xero slot refused releases the claim and queues
// a delayed continuation instead of sleeping.
import { EntityManager } from 'typeorm';
import { retryOnConflict, TenantTransactions } from '#lb/database';
import type { XeroOrgFactory } from '#lb/connectors/xero';
import { Integration } from '#lb/integrations';
import { compileMapping, MappingVersions } from '#lb/mapping';
import { JobProducer } from '#lb/queues';
import { dayPlanOf } from '../budget/call-plans.service';
import { purposeOfLane } from '../budget/call-purposes';
import { orgForPurpose } from '../budget/purpose-org';
import { CrossReferences, CrossReferenceScope } from '../cross-references/cross-references.service';
import type { FlowAction, FlowDocument } from '../flows/flow-document';
import { continueDrain, requestDrain } from '../pending/drain-jobs';
import type { SyncPendingChange } from '../pending/pending-change.entity';
import { Claim, FlowScope, PendingChanges, pinnedVersionOf, Settlement } from '../pending/pending-changes.service';
import { recordWrittenFromXero } from '../ledger-copies/ledger-copies';
import { flowDocument, readsXero } from '../xero-intake/xero-flows';
import { XERO_SOURCES } from '../xero-intake/xero-resources';
import { loadXeroToX3Mapping } from './flow-mapping';
import { MappedChange, mapFromXero } from './map-from-xero';
import { carryXeroBills } from './bill-drain';
import { carryXeroCreditNotes } from './credit-note-drain';
import { countSettlement, settleDecided } from './claim-carry';
import { carryXeroPayments } from './payment-drain';
import { PartyEntity, writeParty } from './party-write';
import type { X3Opener } from './x3-opener';
import { settlementOfXeroFailure } from './xero-read-failure';

export interface XeroToX3Deps {
  tx: TenantTransactions;
  jobs: JobProducer;
  orgs: Pick<XeroOrgFactory, 'forConnection'>;
  versions: Pick<MappingVersions, 'get'>;
  openX3: X3Opener;
  /** The app's day limit (XERO_DAY_LIMIT): Xero fetches then leave the higher lanes' day reserve. */
  dayLimit?: number;
}

export interface XeroToX3Report {
  claimed: number;
  written: number;
  /** Settled without a write: unchanged (echoes), skipped, waiting, held. */
  settled: number;
  dead: number;
  /** Retried later or released (no Xero slot). */
  deferred: number;
  /** Why nothing was claimed, when so. */
  idle?: 'no-integration' | 'no-flow' | 'disabled' | 'paused' | 'empty';
}

/** The flow's loaded state, for carrying a claim it made (or a shared drain made for it). */
export interface XeroFlowRun {
  integration: Integration;
  flowKey: string;
  version: number;
  document: FlowDocument;
}

const SUPPORTED: readonly PartyEntity[] = ['customer', 'supplier'];
/** Thrown inside a settling transaction to roll it back when the claim was lost. */
const CLAIM_LOST = new Error('the claim was lost to another drain');
const pending = new PendingChanges();
const references = new CrossReferences();

const emptyReport = (idle?: XeroToX3Report['idle']): XeroToX3Report => ({
  claimed: 0,
  written: 0,
  settled: 0,
  dead: 0,
  deferred: 0,
  idle,
});

/**
 * The entry point the shared drain job calls for a xero-to-x3 flow: claims, carries, and queues
 * its own continuation while work remains (round-robin behind other flows).
 */
export async function drainXeroToX3(deps: XeroToX3Deps, tenantId: string, scope: FlowScope): Promise<XeroToX3Report> {
  const start = await deps.tx.run(tenantId, async (m) => {
    const integration = await m.findOne(Integration, { where: { id: scope.integrationId } });
    if (!integration) return { idle: 'no-integration' as const };
    const flow = await flowDocument(m, scope.integrationId, scope.flowKey);
    if (!flow) return { idle: 'no-flow' as const };
    if (!flow.document.enabled || !readsXero(flow.document)) return { idle: 'disabled' as const };
    if (integration.pauseReasons.length || flow.pauseReasons.length) return { idle: 'paused' as const };
    const claim = await pending.claim(m, scope);
    return { run: { integration, flowKey: scope.flowKey, ...flow }, claim };
  });
  if (!('run' in start) || !start.run) return emptyReport(start.idle);
  if (!start.claim.changes.length) return emptyReport('empty');
  const report = await carryXeroChanges(deps, tenantId, start.run, start.claim);
  await deps.tx.run(tenantId, (m) => queueContinuation(deps.jobs, m, tenantId, scope, start.claim.changes));
  return report;
}

/** Queues the next round now if more is available, else when the soonest deferred change is due. */
async function queueContinuation(
  jobs: JobProducer,
  m: EntityManager,
  tenantId: string,
  scope: FlowScope,
  claimed: SyncPendingChange[],
): Promise<void> {
  const lane = Math.min(...claimed.map((c) => c.lane));
  if (await pending.hasAvailable(m, scope)) return continueDrain(jobs, tenantId, scope, lane, undefined, m);
  const next = await pending.nextAvailableAt(m, scope);
  if (next) await continueDrain(jobs, tenantId, scope, lane, Math.max(0, next.getTime() - Date.now()), m);
}

/**
 * Carries claimed xero-to-x3 changes of one flow (a both-ways flow's shared drain passes the
 * xero-to-x3 part of its claim here). Every change ends settled; a lost claim records nothing.
 */
export async function carryXeroChanges(
  deps: XeroToX3Deps,
  tenantId: string,
  run: XeroFlowRun,
  claim: Claim,
): Promise<XeroToX3Report> {
  const report = { ...emptyReport(), claimed: claim.changes.length };
  const scope = { integrationId: run.integration.id, flowKey: run.flowKey };
  const entity = run.document.entity as PartyEntity;
  const settleAll = (changes: SyncPendingChange[], s: (c: SyncPendingChange) => Settlement) =>
    settleDecided(
      deps,
      tenantId,
      claim.claimId,
      changes.map((change) => ({ change, settlement: s(change) })),
      report,
    );

  // a Xero Payment becomes an X3 payment document matched to the open item it settles
  if (run.document.entity === 'payment') return carryXeroPayments(deps, tenantId, run, claim);
  // a Xero bill (ACCPAY) becomes a validated X3 supplier invoice of its linked supplier
  if (run.document.entity === 'bill') return carryXeroBills(deps, tenantId, run, claim);
  // a Xero supplier credit note (ACCPAYCREDIT) becomes a validated X3 supplier credit memo
  if (run.document.entity === 'creditNote') return carryXeroCreditNotes(deps, tenantId, run, claim);
  const source = XERO_SOURCES[entity];
  if (!SUPPORTED.includes(entity) || !source) {
    await settleAll(claim.changes, () => ({
      kind: 'dead',
      error: `Writing ${run.document.entity} records to X3 is not supported yet`,
      outcome: { messages: [`${run.document.entity}: xero-to-x3 writes cover customers and suppliers`] },
    }));
    return report;
  }
  const mapping = await loadXeroToX3Mapping(deps, tenantId, run, pinnedVersionOf(claim));
  if ('error' in mapping) {
    await settleAll(claim.changes, () => ({
      kind: 'dead',
      error: mapping.error,
      outcome: { messages: [mapping.error] },
    }));
    return report;
  }
  const adapterContext = { baseCurrency: '', x3Company: run.integration.x3Company };
  let evaluated;
  try {
    const connected = await deps.orgs.forConnection(tenantId, run.integration.xeroConnectionId);
    const { dayLimit } = deps;
    const plan = dayLimit ? await deps.tx.run(tenantId, (m) => dayPlanOf(m, run.integration.id, dayLimit)) : null;
    const lane = Math.min(...claim.changes.map((c) => c.lane));
    const org = plan ? orgForPurpose(connected, purposeOfLane(lane), plan) : connected;
    const compiled = compileMapping(mapping.document);
    evaluated = await mapFromXero(org, source, compiled, adapterContext, mapping.version, claim.changes);
  } catch (error) {
    await settleAll(claim.changes, (c) => settlementOfXeroFailure(error, c.attempts));
    return report;
  }
  await settleDecided(deps, tenantId, claim.claimId, evaluated.settled, report);
  if (!evaluated.mapped.length) return report;

  const refScope = { integrationId: scope.integrationId, entity };
  const { refs, x3 } = await deps.tx.run(tenantId, async (m) => {
    await keepLinkedCodes(m, refScope, evaluated.mapped);
    return {
      refs: await references.byX3Keys(
        m,
        refScope,
        evaluated.mapped.map((i) => String(i.payload.code)),
      ),
      x3: await deps.openX3(m, run.integration),
    };
  });
  try {
    const ctx = {
      entity,
      x3,
      adapterContext,
      bothWays: run.document.direction === 'both-ways',
      options: run.document.options ?? {},
      action: actionOf(run.document),
      mappingVersion: mapping.version,
    };
    for (const item of evaluated.mapped) {
      // a claim that outlived its lease belongs to another drain now: writing it here could
      // create the same X3 record twice. The X3 key is marked on the change before the write: the
      // X3 poll may see the record before its link is recorded (behind-xero-edits.ts)
      const code = String(item.payload.code);
      if (!(await deps.tx.run(tenantId, (m) => pending.renewWriting(m, item.change, claim.claimId, code)))) continue;
      const result = await writeParty(ctx, item, refs.get(code));
      try {
        // A deadlock with a poll recording the same copies is run again (nothing was kept), so the
        // settlement, the only step that also notes in memory (the run's trail), comes last.
        const settled = await retryOnConflict(() =>
          deps.tx
            .run(tenantId, async (m) => {
              if (result.snapshot) {
                const link = { ...refScope, ...result.snapshot, mappingVersion: mapping.version };
                await references.record(m, tenantId, link);
                // reconciliation's copies of both sides, under the X3 code they now share
                const x3Key = result.snapshot.x3Key;
                await recordWrittenFromXero(m, tenantId, scope.integrationId, entity, x3Key, item.record);
                // whatever waited for this partner in X3 (written, or linked as it was) can go now
                for (const flowKey of await pending.release(m, scope.integrationId, [`${entity}:${x3Key}`])) {
                  const flow = { integrationId: scope.integrationId, flowKey };
                  await requestDrain(deps.jobs, tenantId, flow, item.change.lane, m);
                }
              }
              // a claim lost to another drain records nothing: roll the link back with it
              if (!(await pending.settle(m, item.change, claim.claimId, result.settlement))) throw CLAIM_LOST;
              return true;
            })
            .catch((error: unknown) => {
              if (error === CLAIM_LOST) return false;
              throw error;
            }),
        );
        if (settled) countSettlement(report, result.settlement, result.wrote);
      } catch (error) {
        // The link could not be recorded (e.g. another X3 partner already holds this Xero id): held
        // for a person, rather than a failed job whose claim sits until its lease ends.
        const held = heldUnlinked(item, result.wrote, error, mapping.version);
        if (await deps.tx.run(tenantId, (m) => pending.settle(m, item.change, claim.claimId, held))) {
          countSettlement(report, held, false);
        }
      }
    }
  } finally {
    x3.close();
  }
  return report;
}

function heldUnlinked(item: MappedChange, wrote: boolean, error: unknown, mappingVersion: number): Settlement {
  const why = error instanceof Error ? error.message : String(error);
  const code = String(item.payload.code);
  return {
    kind: 'held',
    outcome: {
      targetId: code,
      messages: [
        `${wrote ? 'Written to' : 'Matched with'} X3 partner ${code}, but the link to this Xero contact could not be recorded: ${why}`,
      ],
    },
    mappingVersion,
  };
}

/**
 * A Xero contact already linked to an X3 partner (matched at first connection, or written before)
 * is that partner, whatever code its ContactNumber would make now: a contact matched by name and
 * read before it had a number would otherwise be created in X3 a second time, under 'X' + its id.
 */
async function keepLinkedCodes(m: EntityManager, scope: CrossReferenceScope, mapped: MappedChange[]): Promise<void> {
  const linked = await references.byXeroIds(
    m,
    scope,
    mapped.map((i) => i.change.sourceKey),
  );
  for (const item of mapped) {
    const ref = linked.get(item.change.sourceKey);
    if (ref && ref.state !== 'archived' && ref.x3Key !== item.payload.code) {
      item.payload = { ...item.payload, code: ref.x3Key };
    }
  }
}

function actionOf(document: FlowDocument): FlowAction {
  const step = document.steps.find((s) => s.kind === 'action');
  return step?.kind === 'action' ? step.action : 'upsert';
}
